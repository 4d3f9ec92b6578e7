package io.loopshift.agent.netty.odd.io.netty.channel.epoll;

/**
 * The socket class of a relocated Netty ({@code io.loopshift.agent.netty.odd.} prefix) that has no
 * {@code io.netty.util.internal.ThreadExecutorMap} under that prefix, as an unusual build might.
 */
public final class LinuxSocket {
}
