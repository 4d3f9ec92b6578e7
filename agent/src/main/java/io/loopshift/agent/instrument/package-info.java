/**
 * Weaving the entry hooks into {@code sun.nio.ch.Net}: the hook table, the ASM class visitor
 * that prepends each one-line delegation, and the retransforming transformer.
 */
package io.loopshift.agent.instrument;
