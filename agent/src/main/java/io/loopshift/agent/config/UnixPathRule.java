package io.loopshift.agent.config;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * What a {@code unix:} path must be: absolute (the agent has no meaningful working directory
 * inside someone else's JVM), short enough for the platform's {@code sun_path}, and free of
 * placeholders other than {@code %p}.
 */
public final class UnixPathRule {
    private final int maxPathBytes;

    public UnixPathRule(int maxPathBytes) {
        this.maxPathBytes = maxPathBytes;
    }

    /** The limit of this platform: sun_path is 108 bytes on Linux, 104 on macOS and BSD, with the NUL. */
    public static UnixPathRule forThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean linux = os.contains("linux");
        return new UnixPathRule(linux ? 107 : 103);
    }

    String check(String path, String route) throws ConfigException {
        return check(path, RouteParser.PROPERTY, "route", route);
    }

    /**
     * Checks a path of a route or listen rule; {@code rule} names which in messages. A
     * {@link PortPlaceholder#PLACEHOLDER} is measured at its longest (a five-digit port).
     */
    String check(String path, String property, String rule, String route) throws ConfigException {
        if (path.isEmpty()) {
            throw new ConfigException(property, rule + " '" + route + "' has an empty unix: path");
        }
        if (path.startsWith("@")) {
            // The JDK's AF_UNIX connect passes the path's length plus one terminating byte (checked on
            // 17 and 25), so a leading NUL would reach the abstract name "name\0", not the "@name" a
            // server such as Envoy or socat binds: refuse rather than connect somewhere else.
            throw new ConfigException(RouteParser.PROPERTY, "unix: path '" + path + "' in route '" + route
                    + "' names an abstract socket, which loopshift cannot reach (the JDK adds a byte to abstract names); "
                    + "have the server listen on a path in a shared directory, such as /run/app/app.sock");
        }
        if (!path.startsWith("/")) {
            throw new ConfigException(property, "unix: path '" + path + "' in " + rule + " '" + route
                    + "' is relative; give an absolute path such as /run/app/app.sock");
        }
        String unknown = PortPlaceholder.unknownPlaceholder(path);
        if (unknown != null) {
            throw new ConfigException(property, "unix: path '" + path + "' in " + rule + " '" + route + "' has '" + unknown
                    + "'; the only placeholder is " + PortPlaceholder.PLACEHOLDER + " (the port)");
        }
        // The JDK encodes socket paths with sun.jnu.encoding, so measure them the same way.
        Charset charset = jnuCharset();
        int length = PortPlaceholder.expand(path, 65535).getBytes(charset).length;
        if (length > maxPathBytes) {
            throw new ConfigException(property, "unix: path '" + path + "' in " + rule + " '" + route + "' is " + length
                    + " bytes" + (PortPlaceholder.isTemplate(path) ? " with a five-digit port" : "")
                    + ", longer than this platform's limit of " + maxPathBytes + " (sun_path); use a shorter path or a symlinked directory");
        }
        return path;
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknownCharset) {
            return Charset.defaultCharset();
        }
    }
}
