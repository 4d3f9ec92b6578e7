package io.loopshift.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings and where each came from, for the start-up line.
 *
 * @param settings the parsed settings
 * @param origins  for each key given, its source as the start-up line names it (e.g. {@code LOOPSHIFT_ROUTES})
 * @param warnings things to say once the log level is known (a configuration file others can write)
 * @param summary  {@code loopshift.summary}: how often to print the counters, or null for never
 */
public record LoadedSettings(AgentSettings settings, Map<String, String> origins, List<String> warnings, Duration summary) {

    /** E.g. {@code routes from LOOPSHIFT_ROUTES, log from -Dloopshift.log}; "defaults only" when nothing was given. */
    public String describeOrigins() {
        if (origins.isEmpty()) {
            return "settings: defaults only";
        }
        StringBuilder line = new StringBuilder("settings: ");
        boolean first = true;
        for (Map.Entry<String, String> origin : origins.entrySet()) {
            if (!first) {
                line.append(", ");
            }
            first = false;
            line.append(origin.getKey().substring(SettingsReader.PREFIX.length())).append(" from ").append(origin.getValue());
        }
        return line.toString();
    }
}
