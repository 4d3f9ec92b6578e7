package io.loopshift.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration file named by {@code loopshift.config}: one setting per line, the weakest of
 * the sources. A line is a route ({@code 127.0.0.1:3000->source:127.0.1.0/24}), a
 * {@code key=value} pair (key with or without {@code loopshift.}), blank, or a comment (first
 * non-blank character {@code #}). Route lines and {@code routes=} lines add up in their order.
 */
final class ConfigFile {
    static final String PROPERTY = "loopshift.config";

    private ConfigFile() {
    }

    /** The file's settings as full {@code loopshift.*} keys; routes joined with commas. */
    static Map<String, String> read(Path file, Set<String> keys) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new ConfigException(PROPERTY, "cannot read '" + file + "' (" + unreadable.getClass().getSimpleName()
                    + (unreadable.getMessage() == null ? "" : ": " + unreadable.getMessage()) + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOfKey = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                addRoutes(values, line);
                continue;
            }
            String written = line.substring(0, equals).trim();
            String key = written.startsWith(SettingsReader.PREFIX) ? written : SettingsReader.PREFIX + written;
            String value = line.substring(equals + 1).trim();
            if (key.equals(PROPERTY)) {
                throw new ConfigException(PROPERTY, file + " line " + number + ": a configuration file cannot name another one");
            }
            if (!keys.contains(key)) {
                throw new ConfigException(PROPERTY, file + " line " + number + ": unknown key '" + written + "' (a line is a route, key=value or # comment; keys: "
                        + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
            if (key.equals(RouteParser.PROPERTY)) {
                addRoutes(values, value);
                continue;
            }
            Integer earlier = lineOfKey.put(key, number);
            if (earlier != null) {
                throw new ConfigException(PROPERTY, file + " line " + number + ": '" + written + "' is already set on line " + earlier);
            }
            values.put(key, value);
        }
        return values;
    }

    /** Route lines add up; no lambda, as this runs in premain (an invokedynamic bootstrap costs start-up). */
    private static void addRoutes(Map<String, String> values, String routes) {
        String earlier = values.get(RouteParser.PROPERTY);
        values.put(RouteParser.PROPERTY, earlier == null ? routes : earlier + "," + routes);
    }

    /** A warning when others than the owner may write the file: whoever can, decides where connects go. */
    static String permissionWarning(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "configuration file " + file + " can be written by its group or by everyone: whoever can write it decides where this JVM's "
                        + "loopback connects go; make it writable by its owner only (chmod go-w " + file + ")";
            }
        } catch (IOException | UnsupportedOperationException unknown) {
            // No POSIX permissions here: nothing to say.
        }
        return null;
    }
}
