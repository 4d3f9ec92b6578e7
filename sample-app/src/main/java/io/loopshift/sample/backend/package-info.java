/**
 * The {@code backend} subcommand: a small HTTP/1.1 server on TCP and, optionally, a Unix domain
 * socket, which counts every connection by transport, peer address and the local address it
 * arrived on, and never closes a connection first.
 */
package io.loopshift.sample.backend;
