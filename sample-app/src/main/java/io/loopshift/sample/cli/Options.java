package io.loopshift.sample.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value}, {@code --name=value} and bare {@code --flag} options of one subcommand.
 * Strict: an option the subcommand does not know, a missing value or a number out of range is a
 * {@link UsageException}, never a silent default, so a typo cannot change what a demo measures.
 */
public final class Options {
    private final String command;
    private final Map<String, String> values;
    private final Set<String> flagsGiven;

    private Options(String command, Map<String, String> values, Set<String> flagsGiven) {
        this.command = command;
        this.values = values;
        this.flagsGiven = flagsGiven;
    }

    /** Parses {@code args} (after the subcommand name) against the options and flags the subcommand knows. */
    public static Options parse(String command, String[] args, Set<String> valued, Set<String> flags) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> given = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                given.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                throw new UsageException(command + ": unknown option --" + name);
            }
        }
        return new Options(command, values, given);
    }

    public boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(command + ": --" + name + " is required");
        }
        return value;
    }

    /** An integer option within {@code [min, max]}; digits may be grouped with {@code _} or {@code ,}. */
    public int integer(String name, int defaultValue, int min, int max) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException notANumber) {
            throw new UsageException(command + ": --" + name + " '" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new UsageException(command + ": --" + name + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public HostPort hostPort(String name, String defaultValue) throws UsageException {
        return HostPort.parse(command + ": --" + name, string(name, defaultValue));
    }
}
