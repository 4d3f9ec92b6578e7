package io.loopshift.agent.config;

import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** System properties and agent arguments into {@link AgentSettings}: defaults, precedence, syntax, rejections. */
class SettingsReaderTest {
    private static final String KNOWN = "(loopshift knows loopshift.config, loopshift.enabled, loopshift.fallback, loopshift.listen, loopshift.listen.mode, loopshift.log, loopshift.routes, loopshift.summary)";
    private static final String KNOWN_LOWER_CASE = KNOWN.substring(0, KNOWN.length() - 1) + "; keys are lower case)";
    private final SettingsReader reader = new SettingsReader(new RouteParser(new UnixPathRule(107)));

    private static Properties props(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private AgentSettings read(Properties properties, String arguments) throws ConfigException {
        return reader.read(properties, arguments);
    }

    private ConfigException reject(Properties properties, String arguments) {
        return assertThrows(ConfigException.class, () -> reader.read(properties, arguments));
    }

    // ---- defaults and plain values

    @Test
    void theKeysAreListedInAlphabeticalOrder() {
        // The start-up line lists origins, and messages list keys, in this order.
        List<String> sorted = new java.util.ArrayList<>(SettingsReader.KEYS_IN_ORDER);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, SettingsReader.KEYS_IN_ORDER);
    }

    @Test
    void nothingGivenMeansDefaults() throws ConfigException {
        AgentSettings settings = read(props(), null);
        assertTrue(settings.enabled());
        assertEquals(LogLevel.WARN, settings.logLevel());
        assertEquals(Fallback.TCP, settings.fallback());
        assertEquals(List.of(), settings.routes());
        assertFalse(settings.hasRoutes());
    }

    @Test
    void emptyOrBlankAgentArgumentsAreNone() throws ConfigException {
        assertEquals(read(props(), null), read(props(), ""));
        assertEquals(read(props(), null), read(props(), "   "));
    }

    @Test
    void otherSystemPropertiesAreIgnored() throws ConfigException {
        AgentSettings settings = read(props("java.version", "17", "loopshiftx.routes", "nonsense", "Loopshift.routes", "nonsense", "loopshift", "x"), null);
        assertFalse(settings.hasRoutes());
    }

    @Test
    void allFourFromSystemProperties() throws ConfigException {
        AgentSettings settings = read(props(
                "loopshift.enabled", "false",
                "loopshift.log", "debug",
                "loopshift.fallback", "fail",
                "loopshift.routes", "127.0.0.1:3000->source:127.0.1.0/24"), null);
        assertFalse(settings.enabled());
        assertEquals(LogLevel.DEBUG, settings.logLevel());
        assertEquals(Fallback.FAIL, settings.fallback());
        assertEquals(1, settings.routes().size());
        assertEquals("127.0.0.1:3000", settings.routes().get(0).match());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"true|true", "false|false", "TRUE|true", "False|false", "' true '|true", "'\tfalse\n'|false"})
    void enabledValues(String text, boolean expected) throws ConfigException {
        assertEquals(expected, read(props("loopshift.enabled", text), null).enabled());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"off|OFF", "warn|WARN", "info|INFO", "debug|DEBUG", "INFO|INFO", "' Debug '|DEBUG"})
    void logValues(String text, LogLevel expected) throws ConfigException {
        assertEquals(expected, read(props("loopshift.log", text), null).logLevel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"tcp|TCP", "fail|FAIL", "TCP|TCP", "' Fail '|FAIL"})
    void fallbackValues(String text, Fallback expected) throws ConfigException {
        assertEquals(expected, read(props("loopshift.fallback", text), null).fallback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "", " ", "truee", "t"})
    void badEnabled(String text) {
        ConfigException bad = reject(props("loopshift.enabled", text), null);
        assertTrue(bad.getMessage().startsWith("loopshift.enabled: "), bad.getMessage());
        assertEquals("loopshift.enabled: '" + text + "' is not true or false", bad.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace", "error", "verbose", "", "  ", "warning", "1"})
    void badLog(String text) {
        ConfigException bad = reject(props("loopshift.log", text), null);
        assertTrue(bad.getMessage().startsWith("loopshift.log: "), bad.getMessage());
        assertEquals("loopshift.log: '" + text + "' is not a log level (off, warn, info, debug)", bad.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry", "none", "", "unix", "tcp,fail"})
    void badFallback(String text) {
        ConfigException bad = reject(props("loopshift.fallback", text), null);
        assertTrue(bad.getMessage().startsWith("loopshift.fallback: "), bad.getMessage());
        assertEquals("loopshift.fallback: '" + text + "' is not tcp or fail", bad.getMessage());
    }

    @Test
    void emptyRoutesProperty() {
        ConfigException bad = reject(props("loopshift.routes", ""), null);
        assertTrue(bad.getMessage().startsWith("loopshift.routes: "), bad.getMessage());
        assertEquals("loopshift.routes: is empty; give at least one route such as 127.0.0.1:3000->source:127.0.1.0/24, or remove the property", bad.getMessage());
    }

    @Test
    void disabledStillValidatesRoutes() {
        // strict: a bad value is reported even when the agent would be inert
        ConfigException bad = reject(props("loopshift.enabled", "false", "loopshift.routes", "10.0.0.1:1->source:127.0.1.0/24"), null);
        assertTrue(bad.getMessage().startsWith("loopshift.routes: "), bad.getMessage());
    }

    // ---- unknown keys

    @Test
    void unknownSystemProperty() {
        ConfigException bad = reject(props("loopshift.route", "127.0.0.1:1->source:127.0.1.0/24"), null);
        assertTrue(bad.getMessage().startsWith("loopshift.route: "), bad.getMessage());
        assertEquals("loopshift.route: unknown system property " + KNOWN, bad.getMessage());
    }

    @Test
    void systemPropertyKeysAreCaseSensitive() {
        ConfigException bad = reject(props("loopshift.Routes", "127.0.0.1:1->source:127.0.1.0/24"), null);
        assertEquals("loopshift.Routes: unknown system property " + KNOWN, bad.getMessage());
    }

    @Test
    void unknownSystemPropertyIsReportedEvenWhenEverythingElseIsFine() {
        ConfigException bad = reject(props("loopshift.routes", "127.0.0.1:1->source:127.0.1.0/24", "loopshift.loglevel", "info"), null);
        assertEquals("loopshift.loglevel: unknown system property " + KNOWN, bad.getMessage());
    }

    @Test
    void unknownAgentArgumentWithAndWithoutPrefix() {
        ConfigException bare = reject(props(), "rout=127.0.0.1:1->source:127.0.1.0/24");
        assertTrue(bare.getMessage().startsWith("loopshift.rout: "), bare.getMessage());
        assertEquals("loopshift.rout: unknown agent argument " + KNOWN_LOWER_CASE, bare.getMessage());
        ConfigException prefixed = reject(props(), "loopshift.level=info");
        assertEquals("loopshift.level: unknown agent argument " + KNOWN_LOWER_CASE, prefixed.getMessage());
    }

    @Test
    void unknownAgentArgumentAfterARouteList() {
        ConfigException bad = reject(props(), "routes=127.0.0.1:1->source:127.0.1.0/24,127.0.0.2:1->dest:127.0.2.0/24,level=info");
        assertEquals("loopshift.level: unknown agent argument " + KNOWN_LOWER_CASE, bad.getMessage());
    }

    @Test
    void agentArgumentKeysAreCaseSensitive() {
        ConfigException bad = reject(props(), "LOG=info");
        assertEquals("loopshift.LOG: unknown agent argument " + KNOWN_LOWER_CASE, bad.getMessage());
    }

    // ---- agent argument syntax

    @Test
    void agentArgumentsSplitIntoFullKeys() throws ConfigException {
        Map<String, String> values = SettingsReader.parseAgentArguments("routes=127.0.0.1:1->source:127.0.1.0/24,log=info,loopshift.fallback=fail,enabled=true");
        assertEquals(Map.of(
                "loopshift.routes", "127.0.0.1:1->source:127.0.1.0/24",
                "loopshift.log", "info",
                "loopshift.fallback", "fail",
                "loopshift.enabled", "true"), values);
        assertEquals(List.of("loopshift.routes", "loopshift.log", "loopshift.fallback", "loopshift.enabled"), List.copyOf(values.keySet()));
    }

    @Test
    void commaNotFollowedByKeyContinuesTheRouteList() throws ConfigException {
        Map<String, String> values = SettingsReader.parseAgentArguments("routes=127.0.0.1:1->source:127.0.1.0/24,127.0.0.2:2->dest:127.0.2.0/24,log=info");
        assertEquals("127.0.0.1:1->source:127.0.1.0/24,127.0.0.2:2->dest:127.0.2.0/24", values.get("loopshift.routes"));
        assertEquals("info", values.get("loopshift.log"));
    }

    @Test
    void continuationKeepsSpacesAndEmptyPieces() throws ConfigException {
        Map<String, String> values = SettingsReader.parseAgentArguments("routes=a->source:127.0.1.0/24, b->dest:127.0.2.0/24,,c");
        assertEquals("a->source:127.0.1.0/24, b->dest:127.0.2.0/24,,c", values.get("loopshift.routes"));
    }

    @Test
    void routeListInAgentArgumentsParsesLikeTheProperty() throws ConfigException {
        AgentSettings settings = read(props(), "routes=127.0.0.1:1->source:127.0.1.0/24,localhost:2->dest:127.0.2.0/24;[::1]:3->unix:/tmp/three.sock,log=info");
        assertEquals(3, settings.routes().size());
        assertEquals("127.0.0.1:1", settings.routes().get(0).match());
        assertInstanceOf(Action.Source.class, settings.routes().get(0).action());
        assertEquals("localhost:2", settings.routes().get(1).match());
        assertEquals("[::1]:3", settings.routes().get(2).match());
        assertEquals(LogLevel.INFO, settings.logLevel());
    }

    @Test
    void spacesAroundKeysAndValuesInAgentArguments() throws ConfigException {
        AgentSettings settings = read(props(), " routes = 127.0.0.1:1 -> source:127.0.1.0/24 , log = debug ");
        assertEquals(1, settings.routes().size());
        assertEquals(LogLevel.DEBUG, settings.logLevel());
    }

    @Test
    void equalsInsideAValueStaysInTheValue() throws ConfigException {
        Map<String, String> values = SettingsReader.parseAgentArguments("routes=127.0.0.1:1->unix:/tmp/a=b.sock");
        assertEquals("127.0.0.1:1->unix:/tmp/a=b.sock", values.get("loopshift.routes"));
    }

    @Test
    void laterAgentArgumentForTheSameKeyReplacesTheEarlier() throws ConfigException {
        assertEquals(LogLevel.DEBUG, read(props(), "log=info,log=debug").logLevel());
    }

    @Test
    void agentArgumentsThatDoNotStartWithAKey() {
        for (String arguments : new String[] {"foo", "127.0.0.1:1->source:127.0.1.0/24", ",log=info", "=info", "1log=info"}) {
            ConfigException bad = reject(props(), arguments);
            assertTrue(bad.getMessage().startsWith("agent arguments: "), arguments);
            assertEquals("agent arguments: '" + arguments + "' does not start with key=value (e.g. routes=127.0.0.1:3000->source:127.0.1.0/24,log=info)",
                    bad.getMessage());
        }
    }

    @Test
    void valueContinuedWithJunkIsReportedOnThatKey() {
        ConfigException bad = reject(props(), "log=info,verbose");
        assertEquals("loopshift.log: 'info,verbose' is not a log level (off, warn, info, debug)", bad.getMessage());
    }

    @Test
    void emptyAgentArgumentValues() {
        assertEquals("loopshift.routes: is empty; give at least one route such as 127.0.0.1:3000->source:127.0.1.0/24, or remove the property",
                reject(props(), "routes=").getMessage());
        assertEquals("loopshift.log: '' is not a log level (off, warn, info, debug)", reject(props(), "log=").getMessage());
    }

    // ---- precedence

    @Test
    void agentArgumentWinsKeyByKey() throws ConfigException {
        AgentSettings settings = read(props(
                "loopshift.routes", "127.0.0.1:1->source:127.0.1.0/24",
                "loopshift.log", "debug",
                "loopshift.fallback", "fail"), "log=off,routes=127.0.0.9:9->dest:127.0.2.0/24");
        assertEquals(LogLevel.OFF, settings.logLevel());
        assertEquals(1, settings.routes().size());
        assertEquals("127.0.0.9:9", settings.routes().get(0).match());
        assertEquals(Fallback.FAIL, settings.fallback(), "a key given only as a system property keeps its value");
    }

    @Test
    void agentArgumentReplacesABadSystemProperty() throws ConfigException {
        assertEquals(LogLevel.INFO, read(props("loopshift.log", "loud"), "log=info").logLevel());
    }

    @Test
    void badAgentArgumentIsReportedOverAGoodSystemProperty() {
        ConfigException bad = reject(props("loopshift.log", "info"), "log=loud");
        assertEquals("loopshift.log: 'loud' is not a log level (off, warn, info, debug)", bad.getMessage());
    }

    @Test
    void prefixedAndBareAgentArgumentAreTheSameKey() throws ConfigException {
        assertEquals(LogLevel.DEBUG, read(props(), "loopshift.log=info,log=debug").logLevel());
        assertEquals(LogLevel.INFO, read(props(), "log=debug,loopshift.log=info").logLevel());
    }

    @Test
    void unknownSystemPropertyIsRejectedEvenWhenAgentArgumentsAreGiven() {
        ConfigException bad = reject(props("loopshift.foo", "1"), "log=info");
        assertEquals("loopshift.foo: unknown system property " + KNOWN, bad.getMessage());
    }

    @Test
    void listenRulesAndModeFromAgentArgumentsWithoutRoutes() throws ConfigException {
        AgentSettings settings = read(props(), "listen=*:8080->unix:/run/app/8080.sock,127.0.0.1:*->unix:/run/app/%p.sock,listen.mode=0660,log=info");
        assertFalse(settings.hasRoutes());
        assertTrue(settings.hasListenRules());
        assertTrue(settings.hasWork());
        assertEquals(2, settings.listenRules().size());
        assertEquals("/run/app/%p.sock", settings.listenRules().get(1).path());
        assertEquals(0660, settings.listenMode());
        assertEquals("2 listen rules (socket mode 0660): #1 *:8080 -> listen on unix socket /run/app/8080.sock;"
                + " #2 127.0.0.1:* -> listen on unix socket /run/app/%p.sock", settings.summary());
    }

    @Test
    void listenRulesDefaultToNoneAndMode0666() throws ConfigException {
        AgentSettings settings = read(props("loopshift.routes", "127.0.0.1:1->unix:/run/%p.sock"), null);
        assertFalse(settings.hasListenRules());
        assertEquals(0666, settings.listenMode());
    }
}
