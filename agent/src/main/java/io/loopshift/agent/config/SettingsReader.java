package io.loopshift.agent.config;

import io.loopshift.agent.log.LogLevel;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the agent's settings from its four sources, strongest first: the agent argument string,
 * {@code loopshift.*} system properties, {@code LOOPSHIFT_*} environment variables, and the file
 * named by {@code loopshift.config}. The strongest source that gives a key wins, key by key.
 *
 * <p>Agent arguments are {@code key=value} pairs separated by commas, keys with or without the
 * {@code loopshift.} prefix: {@code -javaagent:loopshift-agent.jar=routes=127.0.0.1:3000->source:127.0.1.0/24,log=info}.
 * A comma followed by text that does not start a {@code key=} continues the previous value, so
 * a route list may use commas there too. Where both give a key, the agent argument wins: it is
 * the more specific setting, and {@code attach} passes its routes that way.
 */
public final class SettingsReader {
    static final String PREFIX = "loopshift.";
    public static final String ENABLED = "loopshift.enabled";
    public static final String LOG = "loopshift.log";
    public static final String FALLBACK = "loopshift.fallback";
    /**
     * Every key, in alphabetical order: the order of the start-up line's origins and of messages.
     * Written sorted rather than sorted in a TreeSet, a class the default class data archive does not hold.
     */
    static final List<String> KEYS_IN_ORDER = List.of(ConfigFile.PROPERTY, ENABLED, FALLBACK, ListenRuleParser.PROPERTY, FileMode.PROPERTY, LOG,
            RouteParser.PROPERTY, SummaryInterval.PROPERTY);
    private static final Set<String> KEYS = Set.copyOf(KEYS_IN_ORDER);
    /** The default for unix: routes: keep serving over TCP rather than fail requests. */
    static final Fallback DEFAULT_FALLBACK = Fallback.TCP;

    private final RouteParser routeParser;
    private final ListenRuleParser listenRuleParser;

    public SettingsReader(RouteParser routeParser) {
        this(routeParser, new ListenRuleParser(UnixPathRule.forThisPlatform()));
    }

    public SettingsReader(RouteParser routeParser, ListenRuleParser listenRuleParser) {
        this.routeParser = routeParser;
        this.listenRuleParser = listenRuleParser;
    }

    public static SettingsReader forThisPlatform() {
        UnixPathRule unixPaths = UnixPathRule.forThisPlatform();
        return new SettingsReader(new RouteParser(unixPaths), new ListenRuleParser(unixPaths));
    }

    /** System properties and agent arguments only (and a file they name). */
    public AgentSettings read(Properties systemProperties, String agentArguments) throws ConfigException {
        return load(systemProperties, Map.of(), agentArguments).settings();
    }

    /** All four sources; the environment is passed in ({@code System.getenv()}), so tests can give their own. */
    public LoadedSettings load(Properties systemProperties, Map<String, String> environment, String agentArguments) throws ConfigException {
        // Put strongest first, so iteration order is precedence (an EnumMap's iterators are JDK
        // classes the default class data archive does not hold).
        Map<SettingSource, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put(SettingSource.AGENT_ARGUMENT, parseAgentArguments(agentArguments));
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                properties.put(checkKey(name, "system property"), systemProperties.getProperty(name));
            }
        }
        sources.put(SettingSource.SYSTEM_PROPERTY, properties);
        sources.put(SettingSource.ENVIRONMENT, fromEnvironment(environment));
        String configFile = strongest(sources, ConfigFile.PROPERTY);
        List<String> warnings = new ArrayList<>();
        if (configFile != null) {
            if (configFile.trim().isEmpty()) {
                throw new ConfigException(ConfigFile.PROPERTY, "is empty; give the absolute path of a configuration file, or remove the setting");
            }
            Path file = Paths.get(configFile.trim());
            sources.put(SettingSource.CONFIG_FILE, ConfigFile.read(file, KEYS));
            String warning = ConfigFile.permissionWarning(file);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (String key : KEYS_IN_ORDER) {
            for (Map.Entry<SettingSource, Map<String, String>> source : sources.entrySet()) {
                String value = source.getValue().get(key);
                if (value != null) {
                    values.put(key, value);
                    origins.put(key, source.getKey().describe(key, configFile == null ? "" : configFile.trim()));
                    break;
                }
            }
        }
        return new LoadedSettings(fromValues(values), origins, List.copyOf(warnings), SummaryInterval.parse(values.get(SummaryInterval.PROPERTY)));
    }

    /** {@code LOOPSHIFT_ROUTES} and the like, for every key; an empty variable counts as unset, as templates leave them. */
    private static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = environment.get(SettingSource.environmentName(key));
            if (value != null && !value.trim().isEmpty()) {
                values.put(key, value);
            }
        }
        return values;
    }

    private static String strongest(Map<SettingSource, Map<String, String>> sources, String key) {
        for (Map.Entry<SettingSource, Map<String, String>> source : sources.entrySet()) {
            if (source.getValue().containsKey(key)) {
                return source.getValue().get(key);
            }
        }
        return null;
    }

    /** Parses the agent argument string into full {@code loopshift.*} keys and values. */
    static Map<String, String> parseAgentArguments(String arguments) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments == null || arguments.trim().isEmpty()) {
            return values;
        }
        String currentKey = null;
        for (String piece : arguments.split(",", -1)) {
            int equals = piece.indexOf('=');
            String candidate = equals < 0 ? null : piece.substring(0, equals).trim();
            if (candidate != null && isKeyLike(candidate)) {
                String key = candidate.startsWith(PREFIX) ? candidate : PREFIX + candidate;
                if (!KEYS.contains(key)) {
                    // Named as written, so a key in the wrong case is recognisable.
                    String written = candidate.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? candidate : PREFIX + candidate;
                    throw new ConfigException(written, "unknown agent argument (loopshift knows " + knownKeys() + "; keys are lower case)");
                }
                currentKey = key;
                values.put(currentKey, piece.substring(equals + 1));
            } else if (currentKey != null) {
                values.put(currentKey, values.get(currentKey) + "," + piece);
            } else {
                throw new ConfigException("agent arguments", "'" + arguments + "' does not start with key=value (e.g. routes=127.0.0.1:3000->source:127.0.1.0/24,log=info)");
            }
        }
        return values;
    }

    private static String knownKeys() {
        return String.join(", ", KEYS_IN_ORDER);
    }

    /** Letters, digits, dots, dashes and underscores: a key, and never part of a route (routes hold no '='). */
    private static boolean isKeyLike(String candidate) {
        if (candidate.isEmpty() || !Character.isLetter(candidate.charAt(0))) {
            return false;
        }
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static String checkKey(String key, String where) throws ConfigException {
        if (!KEYS.contains(key)) {
            throw new ConfigException(key, "unknown " + where + " (loopshift knows " + knownKeys() + ")");
        }
        return key;
    }

    private AgentSettings fromValues(Map<String, String> values) throws ConfigException {
        boolean enabled = true;
        String enabledText = values.get(ENABLED);
        if (enabledText != null) {
            String normalized = enabledText.trim().toLowerCase(Locale.ROOT);
            if (!normalized.equals("true") && !normalized.equals("false")) {
                throw new ConfigException(ENABLED, "'" + enabledText + "' is not true or false");
            }
            enabled = normalized.equals("true");
        }
        LogLevel level = LogLevel.WARN;
        String levelText = values.get(LOG);
        if (levelText != null) {
            level = LogLevel.parse(levelText);
            if (level == null) {
                throw new ConfigException(LOG, "'" + levelText + "' is not a log level (off, warn, info, debug)");
            }
        }
        Fallback fallback = DEFAULT_FALLBACK;
        String fallbackText = values.get(FALLBACK);
        if (fallbackText != null) {
            fallback = Fallback.parse(fallbackText);
            if (fallback == null) {
                throw new ConfigException(FALLBACK, "'" + fallbackText + "' is not tcp or fail");
            }
        }
        String routesText = values.get(RouteParser.PROPERTY);
        List<Route> routes = routesText == null ? List.of() : routeParser.parse(routesText);
        String listenText = values.get(ListenRuleParser.PROPERTY);
        List<ListenRule> listenRules = listenText == null ? List.of() : listenRuleParser.parse(listenText);
        String modeText = values.get(FileMode.PROPERTY);
        int listenMode = modeText == null ? FileMode.DEFAULT : FileMode.parse(modeText);
        return new AgentSettings(enabled, level, routes, fallback, listenRules, listenMode);
    }
}
