package io.loopshift.it.epoll;

import io.loopshift.it.epoll.unknown.io.netty.channel.unix.Socket;

/** Loads and uses the stand-in for an unknown Netty version; prints {@code RESULT loaded=true}. */
public final class UnknownNettyCheck {
    public static void main(String[] args) {
        System.out.println("RESULT loaded=" + (new Socket().connectTo(null) == 0));
    }
}
