package io.loopshift.agent.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as ints: parsing dotted quads strictly, and formatting them back. */
final class Ipv4 {
    static final int LOOPBACK_NET = 0x7f000000;
    static final int LOOPBACK_MASK = 0xff000000;

    private Ipv4() {
    }

    /** Parses {@code a.b.c.d} with each part 0-255 and no leading sign; null when it is not one. */
    static Integer parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int value = 0;
        for (String part : parts) {
            if (!Digits.isNumber(part, 3)) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static boolean isLoopback(int address) {
        return (address & LOOPBACK_MASK) == LOOPBACK_NET;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static Inet4Address toInetAddress(int address) {
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
