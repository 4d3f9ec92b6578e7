/**
 * Weaving the hooks into {@code sun.nio.ch}: the hook table, the constant-pool patch that
 * redirects the native connect call, the ASM class visitor that prepends the entry hooks of
 * unix: routes, and the retransforming transformer.
 */
package io.loopshift.agent.instrument;
