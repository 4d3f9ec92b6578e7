package io.loopshift.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free loopback ports and short socket paths for tests. */
public final class Ports {
    private Ports() {
    }

    /** A loopback port that was free a moment ago and on which nothing listens now. */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory for Unix socket files, short enough for sun_path. */
    public static Path socketDirectory() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "ls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
