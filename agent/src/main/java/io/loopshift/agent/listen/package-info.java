/**
 * The listening side ({@code loopshift.listen}): a matching server bind listens on a Unix socket
 * instead of its TCP port, connections accepted there look like loopback TCP ones, and the socket
 * file lives exactly as long as the server socket.
 */
package io.loopshift.agent.listen;
