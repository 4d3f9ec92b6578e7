/**
 * Weaving the hooks into the JDK's socket classes ({@code sun.nio.ch.Net}, {@code NioSocketImpl},
 * {@code SocketChannelImpl}): the hook table, the two kinds of hook (a call at a method's entry,
 * and a redirected call site such as the native {@code connect0}), the class-file patches that
 * apply them without a class-file library, the ASM class visitor for Netty's hooks and the few the
 * patches do not cover, and the retransforming transformer.
 */
package io.loopshift.agent.instrument;
