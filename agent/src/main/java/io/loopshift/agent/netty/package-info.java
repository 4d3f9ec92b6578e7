/**
 * Netty's native epoll transport: the agent's side of the hooks woven into Netty's
 * {@code io.netty.channel.unix.Socket} (found by name, under any relocation prefix, in any class
 * loader), which hands Netty's loopback connects to the same routes and connectors as the JDK's,
 * retries a connect to a full Unix backlog on the channel's event loop, and says which Netty
 * transports (io_uring, kqueue; native servers under {@code loopshift.listen}) are not covered.
 */
package io.loopshift.agent.netty;
