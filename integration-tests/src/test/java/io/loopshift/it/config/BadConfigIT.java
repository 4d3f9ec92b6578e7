package io.loopshift.it.config;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed configurations, each in a fresh JVM with the agent: the agent must print exactly one
 * {@code [loopshift] ERROR} line naming the property and the offending text and saying the JVM
 * continues without it, and the application must run normally (main runs, exit code 0).
 *
 * <p>What each case printed is written to {@code target/config-errors-observed.md}, the source of
 * the table in {@code docs/config-errors.md}.
 */
class BadConfigIT {
    private static final String GOOD_ROUTE = "127.0.0.1:1->source:127.0.1.0/24";
    private static final String LONG_PATH = "/tmp/" + "s".repeat(103);
    /** 105 bytes as written, 108 once %p is a five-digit port. */
    private static final String LONG_TEMPLATE = "/tmp/" + "s".repeat(98) + "%p";
    private static final Map<String, String> OBSERVED = new LinkedHashMap<>();

    /**
     * One malformed configuration.
     *
     * @param jvmOptions     {@code -D...} options as given on the command line
     * @param agentArguments the text after {@code -javaagent:loopshift-agent.jar=}, or null
     * @param property       what the ERROR line must name first (a property, or "agent arguments")
     * @param offending      text the ERROR line must quote
     */
    record Bad(String name, List<String> jvmOptions, String agentArguments, String property, String offending) {
        @Override
        public String toString() {
            return name;
        }

        Bad withOption(String option) {
            List<String> options = new ArrayList<>(jvmOptions);
            options.add(option);
            return new Bad(name, options, agentArguments, property, offending);
        }

        String commandLine() {
            List<String> parts = new ArrayList<>();
            parts.add("-javaagent:loopshift-agent.jar" + (agentArguments == null ? "" : "=" + agentArguments));
            parts.addAll(jvmOptions);
            return String.join(" ", parts);
        }
    }

    private static Bad routes(String name, String value, String offending) {
        return new Bad(name, List.of("-Dloopshift.routes=" + value), null, "loopshift.routes", offending);
    }

    private static Bad listen(String name, String value, String offending) {
        return new Bad(name, List.of("-Dloopshift.listen=" + value), null, "loopshift.listen", offending);
    }

    private static Bad option(String name, String option, String property, String offending) {
        return new Bad(name, List.of(option), null, property, offending);
    }

    private static Bad agent(String name, String arguments, String property, String offending) {
        return new Bad(name, List.of(), arguments, property, offending);
    }

    static List<Bad> badConfigurations() {
        return List.of(
                // route syntax
                routes("route without an arrow", "127.0.0.1:3000", "'127.0.0.1:3000'"),
                routes("=> instead of ->", "127.0.0.1:3000=>source:127.0.1.0/24", "127.0.0.1:3000=>source:127.0.1.0/24"),
                routes("arrow split by a space", "127.0.0.1:3000- >source:127.0.1.0/24", "127.0.0.1:3000- >source:127.0.1.0/24"),
                routes("match without a port", "127.0.0.1->source:127.0.1.0/24", "match '127.0.0.1'"),
                routes("[::1] without a port", "[::1]->dest:127.0.2.0/24", "match '[::1]'"),
                routes("two commas in a row", GOOD_ROUTE + ",,127.0.0.1:2->dest:127.0.2.0/24", GOOD_ROUTE + ",,127.0.0.1:2->dest:127.0.2.0/24"),
                routes("trailing semicolon", GOOD_ROUTE + ";", GOOD_ROUTE + ";"),
                routes("empty value", "", "is empty"),
                routes("blank value", "   ", "is empty"),
                option("property without a value (-Dloopshift.routes)", "-Dloopshift.routes", "loopshift.routes", "is empty"),
                // hosts
                routes("non-loopback host", "10.0.0.1:3000->source:127.0.1.0/24", "host '10.0.0.1'"),
                routes("everything CIDR 0.0.0.0/0", "0.0.0.0/0:*->dest:127.0.2.0/24", "host '0.0.0.0/0'"),
                routes("CIDR wider than loopback", "127.0.0.0/7:*->dest:127.0.2.0/24", "host '127.0.0.0/7'"),
                routes("host name other than localhost", "example.com:80->dest:127.0.2.0/24", "host 'example.com'"),
                routes("::1 without brackets", "::1:80->dest:127.0.2.0/24", "host '::1'"),
                routes("IPv6 other than ::1", "[::2]:80->dest:127.0.2.0/24", "host '[::2]'"),
                routes("host prefix 33", "127.0.0.0/33:*->dest:127.0.2.0/24", "'127.0.0.0/33'"),
                routes("space inside the address", "127.0.0. 1:80->dest:127.0.2.0/24", "host '127.0.0. 1'"),
                routes("abbreviated address 127.1", "127.1:80->dest:127.0.2.0/24", "host '127.1'"),
                // ports
                routes("port 0", "127.0.0.1:0->source:127.0.1.0/24", "port 0"),
                routes("port 65536", "127.0.0.1:65536->source:127.0.1.0/24", "port 65536"),
                routes("port range backwards", "127.0.0.1:9000-8000->source:127.0.1.0/24", "'9000-8000'"),
                routes("service name as port", "127.0.0.1:http->source:127.0.1.0/24", "'http'"),
                routes("space inside the port", "127.0.0.1:30 00->source:127.0.1.0/24", "'30 00'"),
                // actions
                routes("source: on [::1]", "[::1]:8080->source:127.0.1.0/24", "'[::1]:8080->source:127.0.1.0/24'"),
                routes("dest: on [::1]", "[::1]:8080->dest:127.0.2.0/24", "dest: needs an IPv4 match"),
                routes("unknown action", "127.0.0.1:1->bind:127.0.1.0/24", "'bind:127.0.1.0/24'"),
                routes("action in upper case", "127.0.0.1:1->SOURCE:127.0.1.0/24", "'SOURCE:127.0.1.0/24'"),
                routes("no action after the arrow", "127.0.0.1:1->", "'127.0.0.1:1->'"),
                // pools
                routes("non-loopback pool", "127.0.0.1:1->source:10.0.0.0/24", "'10.0.0.0/24'"),
                routes("pool range leaving loopback", "127.0.0.1:1->dest:127.255.255.250-128.0.0.5", "'127.255.255.250-128.0.0.5'"),
                routes("empty pool", "127.0.0.1:1->source:", "'127.0.0.1:1->source:'"),
                routes("pool range backwards", "127.0.0.1:1->dest:127.0.0.9-127.0.0.2", "'127.0.0.9-127.0.0.2'"),
                routes("pool prefix 33", "127.0.0.1:1->dest:127.0.1.0/33", "'127.0.1.0/33'"),
                routes("pool that is no address", "127.0.0.1:1->dest:127.0.1", "'127.0.1'"),
                routes("pool named localhost", "127.0.0.1:1->dest:localhost", "'localhost'"),
                routes("two arrows in one route", "127.0.0.1:1->source:127.0.1.0/24->dest:127.0.2.0/24", "'127.0.1.0/24->dest:127.0.2.0/24'"),
                // duplicates
                routes("same match twice", "127.0.0.1:3000->source:127.0.1.0/24;127.0.0.1:3000->dest:127.0.2.0/24", "'127.0.0.1:3000->dest:127.0.2.0/24'"),
                routes("same match in another case", "localhost:*->dest:127.0.2.0/24,LOCALHOST:*->source:127.0.1.0/24", "'LOCALHOST:*->source:127.0.1.0/24'"),
                routes("* and 1-65535 are the same ports", "127.0.0.1:*->dest:127.0.2.0/24,127.0.0.1:1-65535->source:127.0.1.0/24", "'127.0.0.1:1-65535->source:127.0.1.0/24'"),
                // unix paths
                routes("relative unix path", "127.0.0.1:1->unix:run/app.sock", "'run/app.sock'"),
                routes("unix path with ~", "127.0.0.1:1->unix:~/app.sock", "'~/app.sock'"),
                routes("unix path of 108 bytes", "127.0.0.1:1->unix:" + LONG_PATH, "'" + LONG_PATH + "'"),
                routes("empty unix path", "127.0.0.1:1->unix:", "'127.0.0.1:1->unix:'"),
                routes("unix path with a placeholder other than %p", "127.0.0.1:1->unix:/run/app/%d.sock", "'%d'"),
                // listen rules
                listen("listen rule without an arrow", "127.0.0.1:3000", "'127.0.0.1:3000'"),
                listen("listen rule with a connect action", "127.0.0.1:3000->dest:127.0.2.0/24", "'dest:127.0.2.0/24'"),
                listen("listen rule on a non-loopback host", "10.0.0.1:3000->unix:/run/app.sock", "host '10.0.0.1'"),
                listen("listen rule on 0.0.0.0 instead of *", "0.0.0.0:8080->unix:/run/app.sock", "host '0.0.0.0'"),
                listen("listen rule on [::] instead of *", "[::]:8080->unix:/run/app.sock", "host '[::]'"),
                listen("listen rule on port 0", "127.0.0.1:0->unix:/run/app.sock", "port 0"),
                listen("listen rule with a relative path", "*:8080->unix:app.sock", "'app.sock'"),
                listen("listen path with a placeholder other than %p", "*:8080->unix:/run/%P.sock", "'%P'"),
                listen("listen path of 108 bytes once %p is a port", "*:*->unix:" + LONG_TEMPLATE, "'" + LONG_TEMPLATE + "'"),
                listen("same listen match twice", "*:8080->unix:/run/a.sock;*:8080->unix:/run/b.sock", "'*:8080->unix:/run/b.sock'"),
                listen("empty listen value", "", "is empty"),
                option("listen.mode not octal", "-Dloopshift.listen.mode=rw-rw----", "loopshift.listen.mode", "'rw-rw----'"),
                option("listen.mode with setuid", "-Dloopshift.listen.mode=4666", "loopshift.listen.mode", "'4666'"),
                agent("bad listen rule in agent arguments", "listen=*:8080->unix:run/app.sock", "loopshift.listen", "'run/app.sock'"),
                routes("abstract unix socket", "127.0.0.1:6379->unix:@redis", "'@redis'"),
                routes("ignore with an argument", "127.0.0.1:5432->ignore:127.0.1.0/24", "ignore takes no argument"),
                // configuration file
                option("configuration file that does not exist", "-Dloopshift.config=/nonexistent/loopshift.conf", "loopshift.config", "'/nonexistent/loopshift.conf'"),
                option("configuration file setting empty", "-Dloopshift.config=", "loopshift.config", "is empty"),
                // keys
                option("unknown property loopshift.route", "-Dloopshift.route=" + GOOD_ROUTE, "loopshift.route", "loopshift.route:"),
                option("property key in another case", "-Dloopshift.Routes=" + GOOD_ROUTE, "loopshift.Routes", "loopshift.Routes:"),
                option("unknown property loopshift.loglevel", "-Dloopshift.loglevel=info", "loopshift.loglevel", "loopshift.loglevel:"),
                // values
                option("enabled=yes", "-Dloopshift.enabled=yes", "loopshift.enabled", "'yes'"),
                option("enabled=1", "-Dloopshift.enabled=1", "loopshift.enabled", "'1'"),
                option("enabled empty", "-Dloopshift.enabled=", "loopshift.enabled", "''"),
                option("log=verbose", "-Dloopshift.log=verbose", "loopshift.log", "'verbose'"),
                option("log=trace", "-Dloopshift.log=trace", "loopshift.log", "'trace'"),
                option("log empty", "-Dloopshift.log=", "loopshift.log", "''"),
                option("fallback=retry", "-Dloopshift.fallback=retry", "loopshift.fallback", "'retry'"),
                option("fallback empty", "-Dloopshift.fallback=", "loopshift.fallback", "''"),
                option("summary without a unit", "-Dloopshift.summary=60", "loopshift.summary", "'60'"),
                option("summary under a second", "-Dloopshift.summary=500ms", "loopshift.summary", "'500ms'"),
                routes("log=off does not hide the error", "10.0.0.2:1->source:127.0.1.0/24", "host '10.0.0.2'").withOption("-Dloopshift.log=off"),
                routes("enabled=false does not excuse a bad route", "10.0.0.1:1->source:127.0.1.0/24", "host '10.0.0.1'").withOption("-Dloopshift.enabled=false"),
                // agent arguments
                agent("agent argument that is no key=value", "foo", "agent arguments", "'foo'"),
                agent("route without routes= key", GOOD_ROUTE, "agent arguments", "'" + GOOD_ROUTE + "'"),
                agent("agent arguments starting with a comma", ",log=info", "agent arguments", "',log=info'"),
                agent("agent arguments starting with =", "=routes=" + GOOD_ROUTE, "agent arguments", "'=routes=" + GOOD_ROUTE + "'"),
                agent("unknown agent argument key", "rout=" + GOOD_ROUTE, "loopshift.rout", "rout"),
                agent("agent argument key in upper case", "LOG=info", "loopshift.LOG", "LOG"),
                agent("agent argument prefix in another case", "Loopshift.routes=" + GOOD_ROUTE, "Loopshift.routes", "keys are lower case"),
                agent("empty routes= agent argument", "routes=", "loopshift.routes", "is empty"),
                agent("bad route in agent arguments", "routes=10.0.0.1:1->source:127.0.1.0/24,log=info", "loopshift.routes", "host '10.0.0.1'"),
                agent("junk after a comma continues log=", "log=info,verbose", "loopshift.log", "'info,verbose'"),
                agent("key with a hyphen after a route list", "routes=" + GOOD_ROUTE + ",log-level=debug", "loopshift.log-level", "unknown agent argument"),
                agent("two commas inside agent routes", "routes=" + GOOD_ROUTE + ",,log=info", "loopshift.routes", GOOD_ROUTE + ","),
                agent("bad agent argument over a good property", "log=loud", "loopshift.log", "'loud'").withOption("-Dloopshift.log=info"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badConfigurations")
    void badConfigurationDisablesTheAgentAndTheApplicationRuns(Bad bad) throws Exception {
        ChildJvm jvm = ChildJvm.main(TinyMain.class).withAgentArguments(bad.agentArguments()).timeoutSeconds(60)
                .jvmOptions(bad.jvmOptions());
        ChildJvm.Result result = jvm.run();
        List<String> errors = AgentOutput.errorLines(result);
        record(bad, errors);
        String context = bad.name() + " (" + bad.commandLine() + ")\n" + result.describe();

        assertFalse(result.timedOut(), context);
        assertEquals(0, result.exitCode(), "exit code, " + context);
        assertTrue(AgentOutput.mainRan(result), "the main must run, " + context);
        assertEquals(1, errors.size(), "exactly one ERROR line, " + context);
        String error = errors.get(0);
        assertTrue(error.startsWith(AgentOutput.ERROR + bad.property() + ": "), "the ERROR line must name " + bad.property() + " first, " + context);
        assertTrue(error.contains(bad.offending()), "the ERROR line must quote " + bad.offending() + ", " + context);
        assertTrue(error.endsWith(AgentOutput.DISABLED), "the ERROR line must end by saying the JVM continues, " + context);
        assertEquals(List.of(error), AgentOutput.agentLines(result), "nothing else from the agent, " + context);
    }

    @Test
    void valueWithALineBreakStillGivesOneErrorLine() throws Exception {
        ChildJvm.Result result = ChildJvm.main(TinyMain.class).withAgent("loopshift.routes", "127.0.0.1:3000\nfoo->source:127.0.1.0/24").run();
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(AgentOutput.mainRan(result), result.describe());
        List<String> errors = AgentOutput.errorLines(result);
        assertEquals(1, errors.size(), result.describe());
        assertTrue(errors.get(0).startsWith(AgentOutput.ERROR + "loopshift.routes: "), result.describe());
        assertTrue(errors.get(0).contains("3000"), result.describe());
        assertTrue(errors.get(0).endsWith(AgentOutput.DISABLED), result.describe());
    }

    private static synchronized void record(Bad bad, List<String> errors) {
        String printed = errors.isEmpty() ? "(no ERROR line)" : String.join(" / ", errors);
        OBSERVED.put(bad.name() + "\u0000" + bad.commandLine(), printed);
    }

    @AfterAll
    static synchronized void writeObservedMessages() throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("| # | Configuration | Given as | Printed |\n|---|---|---|---|\n");
        int index = 1;
        for (Map.Entry<String, String> entry : OBSERVED.entrySet()) {
            String[] key = entry.getKey().split("\u0000", 2);
            table.append("| ").append(index++).append(" | ").append(cell(key[0])).append(" | `").append(cell(key[1]))
                    .append("` | `").append(cell(entry.getValue())).append("` |\n");
        }
        Path file = Paths.get("target", "config-errors-observed.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Java " + Runtime.version() + "\n\n" + table, StandardCharsets.UTF_8);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", "\\n");
    }
}
