package io.loopshift.it.config;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configurations that look odd (spaces, case, line breaks, precedence) but are valid: the agent
 * must accept them without an ERROR line and say what it understood, so each case runs at
 * {@code loopshift.log=info} (unless it sets the level itself) and checks the start-up line.
 */
class OddButValidConfigIT {
    private static final String ACTIVE = "[loopshift] INFO active on Java ";
    private static final String POOL_1 = "bind source to 127.0.1.0/24 (254 addresses, 127.0.1.1-127.0.1.254)";
    private static final String POOL_2 = "connect to 127.0.2.0/24 (254 addresses, 127.0.2.1-127.0.2.254)";

    /**
     * @param expectedLine a line the agent must print, whole or (for the start-up line) between the first "; " and "; settings: "
     */
    record Odd(String name, List<String> jvmOptions, String agentArguments, String expectedLine) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Odd routes(String name, String value, String summary) {
        return new Odd(name, List.of("-Dloopshift.routes=" + value, "-Dloopshift.log=info"), null, summary);
    }

    static List<Odd> oddConfigurations() {
        return List.of(
                routes("spaces around ->", "127.0.0.1:3000 -> source:127.0.1.0/24", "1 route: #1 127.0.0.1:3000 -> " + POOL_1),
                routes("LOCALHOST:*", "LOCALHOST:*->source:127.0.1.0/24", "1 route: #1 localhost:* -> " + POOL_1),
                routes("leading and trailing spaces", "   127.0.0.1:3000->source:127.0.1.0/24   ", "1 route: #1 127.0.0.1:3000 -> " + POOL_1),
                routes("tabs around the arrow", "127.0.0.1:3000\t->\tsource:127.0.1.0/24", "1 route: #1 127.0.0.1:3000 -> " + POOL_1),
                routes("spaces inside match and action", "127.0.0.1 : 3000 - 3005 -> source : 127.0.1.0 / 24",
                        // the pool is echoed as written
                        "1 route: #1 127.0.0.1:3000-3005 -> bind source to 127.0.1.0 / 24 (254 addresses, 127.0.1.1-127.0.1.254)"),
                routes("mixed separators with spaces and a line break", "127.0.0.1:1->source:127.0.1.0/24 ;\n 127.0.0.1:2->dest:127.0.2.0/24",
                        "2 routes: #1 127.0.0.1:1 -> " + POOL_1 + "; #2 127.0.0.1:2 -> " + POOL_2),
                routes("1-65535 is shown as *", "127.0.0.1:1-65535->source:127.0.1.0/24", "1 route: #1 127.0.0.1:* -> " + POOL_1),
                routes("CIDR host with host bits", "127.0.0.1/8:*->dest:127.0.2.0/24", "1 route: #1 127.0.0.1/8:* -> " + POOL_2),
                routes("single-address pool", "127.0.0.1:1->dest:127.0.2.9", "1 route: #1 127.0.0.1:1 -> connect to 127.0.2.9 (1 address, 127.0.2.9-127.0.2.9)"),
                routes("/31 pool", "127.0.0.1:1->source:127.0.1.4/31", "1 route: #1 127.0.0.1:1 -> bind source to 127.0.1.4/31 (2 addresses, 127.0.1.4-127.0.1.5)"),
                new Odd("upper-case values with spaces",
                        List.of("-Dloopshift.routes=127.0.0.1:3000->source:127.0.1.0/24", "-Dloopshift.log= INFO ", "-Dloopshift.fallback=FAIL", "-Dloopshift.enabled=True"),
                        null, "1 route: #1 127.0.0.1:3000 -> " + POOL_1),
                new Odd("agent arguments: route list with commas, then log", List.of(),
                        "routes=127.0.0.1:1->source:127.0.1.0/24,127.0.0.2:2->dest:127.0.2.0/24,log=info",
                        "2 routes: #1 127.0.0.1:1 -> " + POOL_1 + "; #2 127.0.0.2:2 -> " + POOL_2),
                new Odd("agent arguments with the loopshift. prefix and spaces", List.of(),
                        " loopshift.routes = 127.0.0.1:1 -> source:127.0.1.0/24 , loopshift.log = info ",
                        "1 route: #1 127.0.0.1:1 -> " + POOL_1),
                new Odd("agent argument replaces a bad system property", List.of("-Dloopshift.log=loud"),
                        "log=info,routes=127.0.0.1:1->source:127.0.1.0/24", "1 route: #1 127.0.0.1:1 -> " + POOL_1),
                new Odd("agent argument wins, other keys still come from properties",
                        List.of("-Dloopshift.routes=127.0.0.9:9->dest:127.0.2.0/24", "-Dloopshift.log=info"),
                        "routes=127.0.0.1:1->source:127.0.1.0/24", "1 route: #1 127.0.0.1:1 -> " + POOL_1),
                new Odd("enabled= False  is inert", List.of("-Dloopshift.enabled= False ", "-Dloopshift.log=info"), null,
                        "[loopshift] INFO loopshift.enabled=false: the agent is inert, no class is changed"),
                new Odd("empty agent arguments and no properties", List.of(), "",
                        "[loopshift] WARN no loopshift.routes or loopshift.listen given: nothing to do, no class is changed"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("oddConfigurations")
    void oddButValidConfigurationIsAccepted(Odd odd) throws Exception {
        ChildJvm jvm = ChildJvm.main(TinyMain.class).withAgentArguments(odd.agentArguments()).timeoutSeconds(60)
                .jvmOptions(odd.jvmOptions());
        ChildJvm.Result result = jvm.run();
        String context = odd.name() + "\n" + result.describe();

        assertFalse(result.timedOut(), context);
        assertEquals(0, result.exitCode(), "exit code, " + context);
        assertTrue(AgentOutput.mainRan(result), "the main must run, " + context);
        assertEquals(List.of(), AgentOutput.errorLines(result), "no ERROR line, " + context);
        List<String> agentLines = AgentOutput.agentLines(result);
        if (odd.expectedLine().startsWith("[loopshift]")) {
            assertEquals(List.of(odd.expectedLine()), agentLines, context);
        } else {
            assertEquals(1, agentLines.size(), "one line from the agent, " + context);
            String line = agentLines.get(0);
            assertTrue(line.startsWith(ACTIVE), "the agent must say it is active, " + context);
            // The line ends with where the settings came from: "; settings: ..."
            String understood = line.substring(line.indexOf("; ") + 2, line.lastIndexOf("; settings: "));
            assertEquals(odd.expectedLine(), understood, "what the agent understood, " + context);
        }
    }

    @Test
    void validUnixRouteIsAccepted() throws Exception {
        ChildJvm.Result result = ChildJvm.main(TinyMain.class)
                .withAgent("loopshift.routes", "127.0.0.1:5432->unix:/tmp/loopshift-it.sock", "loopshift.log", "info")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(AgentOutput.mainRan(result), result.describe());
        assertEquals(List.of(), AgentOutput.errorLines(result), result.describe());
        List<String> agentLines = new ArrayList<>(AgentOutput.agentLines(result));
        // The socket does not exist: one start-up warning, then the summary.
        assertEquals(2, agentLines.size(), result.describe());
        assertTrue(agentLines.get(0).contains("Unix socket /tmp/loopshift-it.sock does not exist yet"), result.describe());
        assertTrue(agentLines.get(1).endsWith("1 route: #1 127.0.0.1:5432 -> unix socket /tmp/loopshift-it.sock (fallback tcp); settings: log from -Dloopshift.log, routes from -Dloopshift.routes"), result.describe());
    }
}
