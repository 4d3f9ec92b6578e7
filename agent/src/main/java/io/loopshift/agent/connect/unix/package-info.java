/**
 * The {@code unix:} redirect: the connector that {@code dup2}s a connected AF_UNIX socket onto
 * the TCP socket's descriptor, the table of sockets so redirected (shared with the listening
 * side), and the answers they give in place of the JDK's (local address, TCP-only options,
 * selector registrations); and a connect whose Unix socket's backlog is full, left pending for a
 * Netty event loop to finish ({@code PendingUnixConnect}, {@code BacklogDeferral}).
 */
package io.loopshift.agent.connect.unix;
