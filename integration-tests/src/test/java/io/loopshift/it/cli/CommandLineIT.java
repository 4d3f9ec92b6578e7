package io.loopshift.it.cli;

import io.loopshift.it.apps.StatusTarget;
import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar loopshift-agent.jar ...} as a user types it: every command answers --help,
 * missing arguments print the command's usage, {@code check} validates offline, and
 * {@code status}, {@code attach} and {@code detach} find a running JVM by pid or by main class.
 */
class CommandLineIT {

    private static ChildJvm.Result cli(Object... args) throws Exception {
        return ChildJvm.jar(ChildJvm.agentJar()).args(args).timeoutSeconds(60).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "detach", "status", "check", "doctor"})
    void everyCommandAnswersHelp(String command) throws Exception {
        ChildJvm.Result result = cli(command, "--help");
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("usage") || result.output().contains("Usage"), result.describe());
        assertTrue(result.output().contains(command), result.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "detach", "status", "check"})
    void missingArgumentsPrintTheCommandsUsage(String command) throws Exception {
        ChildJvm.Result result = cli(command);
        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.output().contains("loopshift: " + command + ": missing arguments"), result.describe());
        assertTrue(result.output().contains("usage: java -jar loopshift-agent.jar " + command), result.describe());
    }

    @Test
    void checkPrintsTheParsedTableOrTheAgentsError() throws Exception {
        ChildJvm.Result good = cli("check", "127.0.0.1:5432->ignore;127.0.0.1:*->source:127.0.1.0/24,localhost:8080->dest:127.0.0.0/28");
        assertEquals(0, good.exitCode(), good.describe());
        assertTrue(good.output().contains("1  127.0.0.1:5432  ignore  nothing: the connect is left as it is"), good.describe());
        assertTrue(good.output().contains("254 addresses, 127.0.1.1-127.0.1.254"), good.describe());
        assertTrue(good.output().contains("valid: 3 routes"), good.describe());

        ChildJvm.Result bad = cli("check", "127.0.0.1:3000->source:10.0.0.0/24");
        assertEquals(2, bad.exitCode(), bad.describe());
        assertTrue(bad.output().contains("loopshift: loopshift.routes: address pool '10.0.0.0/24'"), bad.describe());
    }

    @Test
    void checkReadsAConfigFile() throws Exception {
        Path file = Files.createTempFile("loopshift", ".conf");
        try {
            Files.writeString(file, "# database\n127.0.0.1:5432->unix:/run/postgresql/.s.PGSQL.5432\nfallback=fail\n");
            ChildJvm.Result result = cli("check", "--config", file);
            assertEquals(0, result.exitCode(), result.describe());
            assertTrue(result.output().contains("connects to Unix socket /run/postgresql/.s.PGSQL.5432 (fallback fail)"), result.describe());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * One JVM loaded twice (JAVA_TOOL_OPTIONS and -javaagent): the second load changes nothing and
     * says so; status finds it by main class; attach by name replaces its routes; detach stops it.
     */
    @Test
    void loadedTwiceThenStatusAttachAndDetachByName() throws Exception {
        Path stop = Files.createTempDirectory("loopshift-cli").resolve("stop");
        ChildJvm.Running target = ChildJvm.main(StatusTarget.class)
                .environment("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar() + "=routes=127.0.0.1:*->source:127.0.1.0/24,log=info")
                .withAgentArguments("routes=127.0.0.1:*->dest:127.0.2.0/24")
                .args(5, stop)
                .start();
        try {
            target.awaitOutput("READY", 60);
            String output = target.output();
            assertTrue(output.contains("[loopshift] WARN loopshift is already loaded in this JVM"), output);
            assertTrue(output.contains("This load's arguments 'routes=127.0.0.1:*->dest:127.0.2.0/24' are ignored"), output);
            assertTrue(output.contains("PEER 127.0.1."), "the first load's source: route is the one applied:\n" + output);

            ChildJvm.Result status = awaitStatus(StatusTarget.class.getSimpleName(), 0);
            assertTrue(status.output().contains("in JVM " + target.pid() + ": active"), status.describe());
            assertTrue(status.output().contains("#1 127.0.0.1:*->source:127.0.1.0/24  source        5          5"), status.describe());
            assertTrue(status.output().contains("settings: log from agent argument, routes from agent argument"), status.describe());
            assertTrue(status.output().contains("handler failures (bugs in the agent): 0\n"), status.describe());
            assertTrue(status.output().contains("TCP sockets kept by unix: redirects: 0 now, 0 reused, 0 not kept (dup failed)"), status.describe());
            assertTrue(status.output().contains("Netty connects without backlog retries: 0"), status.describe());

            ChildJvm.Result json = cli("status", target.pid(), "--json");
            assertEquals(0, json.exitCode(), json.describe());
            assertTrue(json.output().contains("\"matched\": 5"), json.describe());
            assertTrue(json.output().contains("\"tcpSocketPoolReused\": 0") && json.output().contains("\"tcpSocketPoolDupFailures\": 0")
                    && json.output().contains("\"nettyConnectsWithoutBacklogRetries\": 0"), json.describe());
            assertTrue(json.output().contains("\"pid\": " + target.pid()), json.describe());

            ChildJvm.Result attach = cli("attach", StatusTarget.class.getName(), "routes=127.0.0.1:*->dest:127.0.3.0/24,log=info");
            assertEquals(0, attach.exitCode(), attach.describe());
            assertTrue(attach.output().contains("attached to " + target.pid() + " (" + StatusTarget.class.getName() + ")"), attach.describe());
            target.awaitOutput("routes replaced", 30);
            ChildJvm.Result replaced = awaitStatus(StatusTarget.class.getSimpleName(), 0, "127.0.3.0/24");
            assertTrue(replaced.output().contains("#1 127.0.0.1:*->dest:127.0.3.0/24"), replaced.describe());

            ChildJvm.Result detach = cli("detach", StatusTarget.class.getSimpleName());
            assertEquals(0, detach.exitCode(), detach.describe());
            ChildJvm.Result stopped = cli("status", target.pid());
            assertEquals(3, stopped.exitCode(), stopped.describe());
            assertTrue(stopped.output().contains(": stopped"), stopped.describe());
        } finally {
            Files.createFile(stop);
            target.stop();
        }
    }

    @Test
    void anAmbiguousNameListsTheCandidates() throws Exception {
        Path stop = Files.createTempDirectory("loopshift-cli").resolve("stop");
        ChildJvm.Running first = ChildJvm.main(StatusTarget.class).args(1, stop).start();
        ChildJvm.Running second = ChildJvm.main(StatusTarget.class).args(1, stop).start();
        try {
            first.awaitOutput("READY", 60);
            second.awaitOutput("READY", 60);
            ChildJvm.Result result = cli("status", StatusTarget.class.getSimpleName());
            assertEquals(2, result.exitCode(), result.describe());
            assertTrue(result.output().contains("'StatusTarget' names 2 JVMs; give one pid:"), result.describe());
            assertTrue(result.output().contains("  " + first.pid() + " " + StatusTarget.class.getName()), result.describe());
            assertTrue(result.output().contains("  " + second.pid() + " " + StatusTarget.class.getName()), result.describe());

            ChildJvm.Result none = cli("status", "NoSuchMainClass");
            assertEquals(1, none.exitCode(), none.describe());
            assertTrue(none.output().contains("no running JVM of this user has the main class or jar 'NoSuchMainClass'"), none.describe());

            ChildJvm.Result without = cli("status", first.pid());
            assertEquals(3, without.exitCode(), "a JVM without the agent: " + without.describe());
            assertTrue(without.output().contains("loopshift is not active in JVM " + first.pid()), without.describe());
        } finally {
            Files.createFile(stop);
            first.stop();
            second.stop();
        }
    }

    /** Status until it exits with the code wanted and shows the text (the MXBeans appear 2 s after start-up), up to 30 s. */
    private static ChildJvm.Result awaitStatus(String target, int exitCode, String... texts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ChildJvm.Result status = cli("status", target);
            boolean shows = true;
            for (String text : texts) {
                shows &= status.output().contains(text);
            }
            if ((status.exitCode() == exitCode && shows) || System.nanoTime() > deadline) {
                assertEquals(exitCode, status.exitCode(), status.describe());
                return status;
            }
            Thread.sleep(500);
        }
    }
}
