/**
 * The TCP sockets that {@code unix:} redirects replaced, kept unconnected in a small bounded pool
 * and handed back to the JDK's next client-socket creation of the same address family, so a
 * redirect costs no socket(2) and no TCP socket teardown. Pure descriptor plumbing and its
 * counters: which sockets may be kept is decided by the Unix connector, which knows what the
 * application did to them.
 */
package io.loopshift.agent.connect.unix.pool;
