package io.loopshift.agent.config;

/**
 * {@code loopshift.listen.mode}: the permission bits of the socket files loopshift creates, in
 * octal as chmod takes them ({@code 0660}, {@code 660}). Connecting to a Unix socket needs write
 * permission on it. The default 0666 gives the socket the reach of the loopback TCP port it
 * replaces, which every local user could connect to; tighten it to a group (0660) for a proxy
 * in that group. Only the rwx bits: setuid, setgid and sticky mean nothing on a socket.
 */
public final class FileMode {
    public static final String PROPERTY = "loopshift.listen.mode";
    public static final int DEFAULT = 0666;

    private FileMode() {
    }

    static int parse(String text) throws ConfigException {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 4) {
            throw notAMode(text);
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c < '0' || c > '7') {
                throw notAMode(text);
            }
        }
        int mode = Integer.parseInt(trimmed, 8);
        if (mode > 0777) {
            throw new ConfigException(PROPERTY, "'" + text + "' sets bits other than rwx (setuid, setgid, sticky), which mean nothing on a socket; give e.g. 0660");
        }
        return mode;
    }

    private static ConfigException notAMode(String text) {
        return new ConfigException(PROPERTY, "'" + text + "' is not an octal file mode such as 0660 or 0666");
    }

    /** {@code 0660} */
    public static String format(int mode) {
        return String.format("%04o", mode);
    }
}
