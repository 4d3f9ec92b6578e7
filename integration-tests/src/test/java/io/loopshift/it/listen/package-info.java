/**
 * {@code loopshift.listen} against real servers: each started unmodified in a fresh JVM with the
 * agent, then reached over its Unix socket directly and through real nginx, with its TCP port
 * closed; and the same without the agent as the negative control.
 */
package io.loopshift.it.listen;
