package io.loopshift.agent.jdk;

import java.nio.charset.StandardCharsets;

/**
 * Reads an epoll set's {@code /proc/self/fdinfo/<epoll fd>} text (Linux 3.8+), one line per
 * registered descriptor: {@code tfd:       12 events: 80002019 data:                c  pos:0 ino:... sdev:...}.
 * In place, without making strings: a busy event loop's set holds thousands of lines.
 */
final class EpollFdinfo {
    private static final byte[] TFD = "tfd:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENTS = "events:".getBytes(StandardCharsets.US_ASCII);
    /** Longer than any descriptor number or event mask: what is longer is not one. */
    private static final int LONGEST_NUMBER = 16;

    private EpollFdinfo() {
    }

    /** The events {@code fd} is registered with, or -1 when it is not in this set (or the text is not as expected). */
    static long eventsOf(byte[] info, int fd) {
        return eventsOf(info, info.length, fd);
    }

    /** As above, for the first {@code end} bytes of {@code info}. */
    static long eventsOf(byte[] info, int end, int fd) {
        for (int at = 0; at < end; at = nextLine(info, end, at)) {
            if (!startsWith(info, end, at, TFD)) {
                continue;
            }
            int numberAt = skipSpaces(info, end, at + TFD.length);
            int numberEnd = digitsEnd(info, end, numberAt, 10);
            if (numberEnd == numberAt || numberEnd - numberAt > LONGEST_NUMBER || parse(info, numberAt, numberEnd, 10) != fd) {
                continue;
            }
            int eventsAt = skipSpaces(info, end, numberEnd);
            if (!startsWith(info, end, eventsAt, EVENTS)) {
                return -1;
            }
            int maskAt = skipSpaces(info, end, eventsAt + EVENTS.length);
            int maskEnd = digitsEnd(info, end, maskAt, 16);
            return maskEnd == maskAt || maskEnd - maskAt > LONGEST_NUMBER ? -1 : parse(info, maskAt, maskEnd, 16) & 0xFFFF_FFFFL;
        }
        return -1;
    }

    private static int nextLine(byte[] text, int end, int at) {
        while (at < end && text[at] != '\n') {
            at++;
        }
        return at + 1;
    }

    private static boolean startsWith(byte[] text, int end, int at, byte[] prefix) {
        if (at + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(byte[] text, int end, int at) {
        while (at < end && (text[at] == ' ' || text[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static int digitsEnd(byte[] text, int end, int at, int radix) {
        while (at < end && Character.digit(text[at], radix) >= 0) {
            at++;
        }
        return at;
    }

    private static long parse(byte[] text, int from, int to, int radix) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * radix + Character.digit(text[i], radix);
        }
        return value;
    }
}
