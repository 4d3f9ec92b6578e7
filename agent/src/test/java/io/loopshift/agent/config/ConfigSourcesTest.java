package io.loopshift.agent.config;

import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four sources (agent arguments > system properties > environment > file), the file format and what the start-up line says. */
class ConfigSourcesTest {
    private final SettingsReader reader = new SettingsReader(new RouteParser(new UnixPathRule(107)));
    @TempDir
    Path directory;

    private static Properties props(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private Path file(String text) throws IOException {
        Path file = directory.resolve("loopshift.conf");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("LOOPSHIFT_ROUTES", SettingSource.environmentName("loopshift.routes"));
        assertEquals("LOOPSHIFT_CONFIG", SettingSource.environmentName("loopshift.config"));
        assertEquals("LOOPSHIFT_LISTEN", SettingSource.environmentName("loopshift.listen"));
    }

    @Test
    void eachKeyComesFromTheStrongestSourceThatGivesIt() throws Exception {
        Path file = file("log=debug\nfallback=fail\nenabled=true\n127.0.0.1:1->source:127.0.1.0/24\n");
        LoadedSettings loaded = reader.load(props("loopshift.log", "warn", "loopshift.enabled", "true"),
                Map.of("LOOPSHIFT_LOG", "off", "LOOPSHIFT_ENABLED", "false", "LOOPSHIFT_FALLBACK", "tcp", "LOOPSHIFT_CONFIG", file.toString()),
                "log=info");
        assertEquals(LogLevel.INFO, loaded.settings().logLevel(), "agent argument over property, environment and file");
        assertTrue(loaded.settings().enabled(), "system property over environment and file");
        assertEquals(Fallback.TCP, loaded.settings().fallback(), "environment over file");
        assertEquals(1, loaded.settings().routes().size(), "file when nothing else gives routes");
        assertEquals("settings: config from LOOPSHIFT_CONFIG, enabled from -Dloopshift.enabled, fallback from LOOPSHIFT_FALLBACK, "
                + "log from agent argument, routes from file " + file, loaded.describeOrigins());
    }

    @Test
    void routesFromTheEnvironment() throws Exception {
        LoadedSettings loaded = reader.load(props(), Map.of("LOOPSHIFT_ROUTES", "127.0.0.1:3000->source:127.0.1.0/24;localhost:8080->dest:127.0.0.0/28"), null);
        assertEquals(2, loaded.settings().routes().size());
        assertEquals("settings: routes from LOOPSHIFT_ROUTES", loaded.describeOrigins());
    }

    @Test
    void emptyEnvironmentVariablesAndOtherNamesAreUnset() throws Exception {
        LoadedSettings loaded = reader.load(props(), Map.of("LOOPSHIFT_ROUTES", " ", "LOOPSHIFT_REQUIRE_NETNS", "1", "PATH", "/bin"), null);
        assertEquals(List.of(), loaded.settings().routes());
        assertEquals("settings: defaults only", loaded.describeOrigins());
    }

    @Test
    void aBadEnvironmentValueIsAnErrorNamingTheKey() {
        ConfigException bad = assertThrows(ConfigException.class, () -> reader.load(props(), Map.of("LOOPSHIFT_LOG", "loud"), null));
        assertEquals("loopshift.log: 'loud' is not a log level (off, warn, info, debug)", bad.getMessage());
    }

    @Test
    void fileLinesAreRoutesKeyValuePairsCommentsOrBlank() throws Exception {
        Path file = file("""
                # local services
                  127.0.0.1:3000->source:127.0.1.0/24

                loopshift.log = info
                   # indented comment
                routes=127.0.0.1:3001->dest:127.0.0.0/28;127.0.0.1:3002->dest:127.0.0.0/28
                127.0.0.1:5432->unix:/run/postgresql/.s.PGSQL.5432
                """);
        AgentSettings settings = reader.read(props("loopshift.config", file.toString()), null);
        assertEquals(LogLevel.INFO, settings.logLevel());
        assertEquals(List.of("127.0.0.1:3000->source:127.0.1.0/24", "127.0.0.1:3001->dest:127.0.0.0/28", "127.0.0.1:3002->dest:127.0.0.0/28",
                "127.0.0.1:5432->unix:/run/postgresql/.s.PGSQL.5432"), settings.routes().stream().map(Route::text).toList());
    }

    @Test
    void fileErrorsNameTheFileAndLine() throws Exception {
        Path file = file("127.0.0.1:3000->source:127.0.1.0/24\nlevel=info\n");
        assertEquals("loopshift.config: " + file + " line 2: unknown key 'level' (a line is a route, key=value or # comment; keys: "
                + "loopshift.config, loopshift.enabled, loopshift.fallback, loopshift.listen, loopshift.listen.mode, loopshift.log, loopshift.routes, loopshift.summary)",
                assertThrows(ConfigException.class, () -> reader.read(props("loopshift.config", file.toString()), null)).getMessage());
        Path twice = file("log=info\nlog=debug\n");
        assertEquals("loopshift.config: " + twice + " line 2: 'log' is already set on line 1",
                assertThrows(ConfigException.class, () -> reader.read(props("loopshift.config", twice.toString()), null)).getMessage());
        Path nested = file("config=/etc/other.conf\n");
        assertEquals("loopshift.config: " + nested + " line 1: a configuration file cannot name another one",
                assertThrows(ConfigException.class, () -> reader.read(props("loopshift.config", nested.toString()), null)).getMessage());
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = directory.resolve("missing.conf");
        ConfigException bad = assertThrows(ConfigException.class, () -> reader.read(props(), "config=" + missing));
        assertEquals("loopshift.config: cannot read '" + missing + "' (NoSuchFileException: " + missing + ")", bad.getMessage());
        assertEquals("loopshift.config: is empty; give the absolute path of a configuration file, or remove the setting",
                assertThrows(ConfigException.class, () -> reader.read(props("loopshift.config", ""), null)).getMessage());
    }

    @Test
    void aFileOthersCanWriteIsWarnedAbout() throws Exception {
        Path file = file("log=info\n");
        assertEquals(List.of(), reader.load(props(), Map.of("LOOPSHIFT_CONFIG", file.toString()), null).warnings());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        List<String> warnings = reader.load(props(), Map.of("LOOPSHIFT_CONFIG", file.toString()), null).warnings();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("chmod go-w " + file), warnings.get(0));
    }

    @Test
    void summaryIntervals() throws Exception {
        assertEquals(null, reader.load(props(), Map.of(), null).summary());
        assertEquals(null, reader.load(props(), Map.of(), "summary=off").summary());
        assertEquals(java.time.Duration.ofSeconds(60), reader.load(props(), Map.of(), "summary=60s").summary());
        assertEquals(java.time.Duration.ofMinutes(5), reader.load(props("loopshift.summary", " 5m "), Map.of(), null).summary());
        assertEquals(java.time.Duration.ofMillis(1500), reader.load(props(), Map.of("LOOPSHIFT_SUMMARY", "1500ms"), null).summary());
        for (String bad : new String[] {"60", "fast", "500ms", "0s", "-1s", "1d", ""}) {
            ConfigException rejected = assertThrows(ConfigException.class, () -> reader.load(props("loopshift.summary", bad), Map.of(), null), bad);
            assertEquals("loopshift.summary: '" + bad + "' is not an interval of at least 1s (e.g. 60s, 5m, 1h, or off)", rejected.getMessage());
        }
    }

    @Test
    void routeSeparatorsNeedNoSpaces() throws Exception {
        AgentSettings settings = reader.read(props(), "routes=127.0.0.1:3000->source:127.0.1.0/24;localhost:8080->dest:127.0.0.0/28,127.0.0.1:9000->dest:127.0.0.0/28,log=info");
        assertEquals(3, settings.routes().size());
        assertEquals(LogLevel.INFO, settings.logLevel());
    }
}
