package io.loopshift.agent.connect;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The local address a redirected socket reports: loopback of the destination's family, port 0 (a Unix socket has none). */
final class LoopbackAnswers {
    static final Inet4Address IPV4 = (Inet4Address) address(new byte[] {127, 0, 0, 1});
    static final Inet6Address IPV6 = (Inet6Address) address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private LoopbackAnswers() {
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
