/**
 * Netty's native epoll transport: the agent's side of the hooks woven into Netty's
 * {@code io.netty.channel.unix.Socket} (found by name, under any relocation prefix, in any class
 * loader), which hands Netty's loopback connects to the same routes and connectors as the JDK's.
 */
package io.loopshift.agent.netty;
