package io.loopshift.agent.connect.unix;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The loopback addresses a socket on a Unix socket reports: 127.0.0.1 or ::1, by the family of the TCP address it stands for. */
public final class LoopbackAnswers {
    public static final Inet4Address IPV4 = (Inet4Address) address(new byte[] {127, 0, 0, 1});
    public static final Inet6Address IPV6 = (Inet6Address) address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

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
