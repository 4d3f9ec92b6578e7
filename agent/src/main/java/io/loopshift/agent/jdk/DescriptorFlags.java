package io.loopshift.agent.jdk;

import java.io.FileInputStream;
import java.io.IOException;

/**
 * Reads whether a descriptor is in non-blocking mode, from {@code /proc/self/fdinfo} (Linux).
 * O_NONBLOCK belongs to the open socket, not to its number, so a socket put in place of another
 * must be given the same mode: the JDK decided it (timeouts, virtual threads, NIO) and never
 * sets it again. The JDK has no native that reads it.
 */
public final class DescriptorFlags {
    private static final int O_NONBLOCK = 04000;

    private DescriptorFlags() {
    }

    public static boolean isNonBlocking(int fd) throws IOException {
        byte[] buffer = new byte[256];
        int length;
        try (FileInputStream in = new FileInputStream("/proc/self/fdinfo/" + fd)) {
            length = in.read(buffer);
        }
        // "pos:\t0\nflags:\t02004002\n..." with flags in octal
        String text = new String(buffer, 0, Math.max(length, 0), java.nio.charset.StandardCharsets.US_ASCII);
        int at = text.indexOf("flags:");
        if (at < 0) {
            throw new IOException("no flags in /proc/self/fdinfo/" + fd);
        }
        int start = at + "flags:".length();
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
            end++;
        }
        return (Integer.parseInt(text.substring(start, end), 8) & O_NONBLOCK) != 0;
    }
}
