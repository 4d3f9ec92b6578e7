package io.loopshift.it.epoll.unknown.io.netty.channel.unix;

import java.net.SocketAddress;

/**
 * A class named like Netty's socket, under a relocation prefix, whose internals the agent does not
 * know (no {@code connect(SocketAddress)}): the agent must leave it alone and say so once.
 */
public class Socket {
    public final int connectTo(SocketAddress remote) {
        return 0;
    }
}
