/**
 * Weaving the hooks into the JDK's socket classes ({@code sun.nio.ch.Net}, {@code NioSocketImpl},
 * {@code SocketChannelImpl}): the hook table, the two kinds of hook (a call at a method's entry,
 * and a redirected call site such as the native {@code connect0}), the ASM class visitor that
 * applies them, and the retransforming transformer.
 */
package io.loopshift.agent.instrument;
