package io.loopshift.agent.config;

/**
 * {@code %p} in a {@code unix:} path of a route or listen rule stands for the TCP port, so one
 * rule such as {@code 127.0.0.1:*->unix:/run/app/%p.sock} gives every port its own socket, on
 * the connecting side and on the listening side alike. It is the only placeholder; any other
 * {@code %} sequence is refused, so a later one cannot change what an existing path means.
 */
public final class PortPlaceholder {
    public static final String PLACEHOLDER = "%p";

    private PortPlaceholder() {
    }

    public static boolean isTemplate(String path) {
        return path.contains(PLACEHOLDER);
    }

    /** The path with every {@code %p} replaced by the port. */
    public static String expand(String path, int port) {
        return isTemplate(path) ? path.replace(PLACEHOLDER, Integer.toString(port)) : path;
    }

    /** The first {@code %} sequence other than {@code %p}, or null. */
    static String unknownPlaceholder(String path) {
        for (int at = path.indexOf('%'); at >= 0; at = path.indexOf('%', at + 1)) {
            if (at + 1 >= path.length() || path.charAt(at + 1) != 'p') {
                return path.substring(at, Math.min(at + 2, path.length()));
            }
            at++;
        }
        return null;
    }
}
