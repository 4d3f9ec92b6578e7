package io.loopshift.bench.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments shared by the client programs, as {@code --key value} pairs:
 * {@code --port} the TCP port the server listens on (0.0.0.0), {@code --unix} the Unix socket path
 * it also listens on, {@code --target tcp|unix} what the client connects to (127.0.0.1:port, or
 * the path through {@code UnixDomainSocketAddress}), {@code --cells} a comma-separated list,
 * {@code --warmup-ms} and {@code --measure-ms} per cell, {@code --acceptors} the server's acceptor
 * threads per listener (default 2).
 */
final class ClientArgs {
    private final Map<String, String> values = new HashMap<>();

    ClientArgs(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String text(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    long number(String key, long otherwise) {
        String value = values.get(key);
        return value == null ? otherwise : Long.parseLong(value);
    }

    int port() {
        return (int) number("port", 7000);
    }

    Path unixPath() {
        String path = values.get("unix");
        return path == null ? null : Path.of(path);
    }

    boolean nativeUnix() {
        return "unix".equals(text("target", "tcp"));
    }

    /** What the client connects to: 127.0.0.1:port (which the agent may rewrite) or the Unix path itself. */
    SocketAddress target() throws Exception {
        if (nativeUnix()) {
            return UnixDomainSocketAddress.of(unixPath());
        }
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port());
    }

    List<String> cells(String otherwise) {
        return List.of(text("cells", otherwise).split(","));
    }
}
