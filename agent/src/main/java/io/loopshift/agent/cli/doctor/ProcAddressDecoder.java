package io.loopshift.agent.cli.doctor;

import java.nio.ByteOrder;

/**
 * Decodes the hex addresses of /proc/net/tcp and tcp6. The kernel prints each 32-bit word of the
 * address as an int in the machine's byte order, so on x86 {@code 0100007F} is 127.0.0.1 and
 * {@code ::1} is {@code 00000000000000000000000001000000}; the port is plain big-endian hex.
 */
final class ProcAddressDecoder {
    private final ByteOrder byteOrder;

    ProcAddressDecoder(ByteOrder byteOrder) {
        this.byteOrder = byteOrder;
    }

    /** The address of 8 (IPv4) or 32 (IPv6) hex digits, or null when the text is neither. */
    IpAddress decode(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            return null;
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            long value = Hex.parse(hex, word * 8, word * 8 + 8);
            if (value < 0) {
                return null;
            }
            putWord(bytes, word * 4, (int) value);
        }
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
    }

    private void putWord(byte[] bytes, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            int shift = byteOrder == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (3 - i);
            bytes[offset + i] = (byte) (value >>> shift);
        }
    }

    private static IpAddress ipv4(byte[] bytes, int offset) {
        String text = (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff) + "." + (bytes[offset + 3] & 0xff);
        return new IpAddress(text, false, (bytes[offset] & 0xff) == 127);
    }

    private static IpAddress ipv6(byte[] bytes) {
        if (isMapped(bytes)) {
            return ipv4(bytes, 12);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        return new IpAddress(Ipv6Text.format(groups), true, isIpv6Loopback(groups));
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }

    private static boolean isIpv6Loopback(int[] groups) {
        for (int i = 0; i < 7; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[7] == 1;
    }
}
