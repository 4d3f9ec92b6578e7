package io.loopshift.agent.config;

import java.util.Locale;

/** Where a setting came from, strongest first; the first source that gives a key wins. */
public enum SettingSource {
    AGENT_ARGUMENT, SYSTEM_PROPERTY, ENVIRONMENT, CONFIG_FILE;

    /** The environment variable of a key: {@code loopshift.routes} is {@code LOOPSHIFT_ROUTES}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** How the start-up line names this source for a key, e.g. {@code -Dloopshift.log} or {@code LOOPSHIFT_ROUTES}. */
    String describe(String key, String configFile) {
        // Comparisons, not a switch: a switch on an enum compiles to a lookup class of its own,
        // one more class for premain to load.
        if (this == AGENT_ARGUMENT) {
            return "agent argument";
        }
        if (this == SYSTEM_PROPERTY) {
            return "-D" + key;
        }
        if (this == ENVIRONMENT) {
            return environmentName(key);
        }
        return "file " + configFile;
    }
}
