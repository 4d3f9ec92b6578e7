package io.loopshift.it;

import io.loopshift.it.apps.SecurityManagerCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Jdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent under a SecurityManager (JDK 17-23), with a policy written for the application only:
 * it grants the checker its sockets and nothing to the agent. Installed later by the application,
 * the agent keeps rewriting and registers its MXBeans; installed at start-up, the agent needs the
 * one grant README names, says so, and leaves the JVM untouched without it. On JDK 24+ there is no
 * SecurityManager (JEP 486): {@code -Djava.security.manager} stops the JVM itself, and
 * {@code System.setSecurityManager} throws, after which the agent must work as usual.
 */
class SecurityManagerIT {
    private static final int CONNECTS = 12;
    private static final String ROUTE = "127.0.0.1:*->source:127.0.1.0/24";
    private Path policyDirectory;

    @BeforeEach
    void createPolicyDirectory() throws Exception {
        policyDirectory = Files.createTempDirectory("loopshift-policy");
    }

    @AfterEach
    void deletePolicies() throws Exception {
        try (var files = Files.list(policyDirectory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(policyDirectory);
    }

    @Test
    void securityManagerInstalledLaterKeepsTheAgentRewritingAndItsCounters() throws Exception {
        ChildJvm jvm = checker("later");
        jvm.jvmOption("-Djava.security.policy==" + policy(false, jvm));
        if (Jdk.feature() >= 18 && Jdk.feature() < 24) {
            jvm.jvmOption("-Djava.security.manager=allow");  // 18+ refuse setSecurityManager without it
        }
        ChildJvm.Result result = jvm.run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(Jdk.feature() >= 24 ? "unsupported" : "later", result.value("RESULT", "sm"), result.describe());
        assertRewrittenEveryConnect(result);
    }

    @Test
    void securityManagerAtStartWithTheAgentGrantedRewritesEveryConnect() throws Exception {
        ChildJvm.Result result = runWithSecurityManagerAtStart(true);
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("start", result.value("RESULT", "sm"), result.describe());
        assertRewrittenEveryConnect(result);
    }

    @Test
    void securityManagerAtStartWithoutAGrantDisablesTheAgentAndNamesTheGrant() throws Exception {
        ChildJvm.Result result = runWithSecurityManagerAtStart(false);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("[loopshift] ERROR a SecurityManager is installed and its policy does not let the agent jar load the agent"),
                result.describe());
        assertTrue(result.output().contains("grant codeBase \"" + agentJarUrl()
                + "\" { permission java.security.AllPermission; };"), result.describe());
        assertTrue(result.output().contains("-- loopshift is disabled; the JVM continues without it"), result.describe());
        // Untouched: one plain peer, and no hooks class in java.base.
        assertEquals("absent", result.value("RESULT", "hooks"), result.describe());
        assertEquals("127.0.0.1", result.value("RESULT", "peers"), result.describe());
    }

    private ChildJvm.Result runWithSecurityManagerAtStart(boolean grantAgent) throws Exception {
        assumeTrue(Jdk.feature() < 24, "JDK 24+ has no SecurityManager: -Djava.security.manager stops the JVM before any agent runs (JEP 486)");
        ChildJvm jvm = checker("start");
        return jvm.jvmOption("-Djava.security.manager")
                .jvmOption("-Djava.security.policy==" + policy(grantAgent, jvm))
                .run();
    }

    private static void assertRewrittenEveryConnect(ChildJvm.Result result) {
        assertEquals("present", result.value("RESULT", "hooks"), result.describe());
        assertEquals(0, result.number("RESULT", "handler_failures"), result.describe());
        assertEquals(CONNECTS, result.number("RESULT", "distinct_peers"), result.describe());
        assertTrue(result.value("RESULT", "peers").startsWith("127.0.1."), result.describe());
        assertEquals(CONNECTS, result.number("RESULT", "jmx_rewritten"), result.describe());
        assertFalse(result.output().contains("[loopshift] WARN") || result.output().contains("[loopshift] ERROR"), result.describe());
    }

    /** The jar as the JVM names its code source: absolute, normalised, {@code file:/...}. */
    private static String agentJarUrl() throws Exception {
        return ChildJvm.agentJar().toAbsolutePath().normalize().toUri().toURL().toString().replace("file:///", "file:/");
    }

    private static ChildJvm checker(String when) {
        return ChildJvm.main(SecurityManagerCheck.class)
                .withAgent("loopshift.routes", ROUTE)
                .jvmOption("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
                .args(when, CONNECTS);
    }

    /**
     * A policy for the checker alone: its server and client sockets (peers are rotated, so accept
     * from any address), installing the SecurityManager, reading the hooks' counter and the
     * MXBeans. With {@code grantAgent}, also the one line README asks for the agent jar. Other
     * agents on the child's command line are test infrastructure, not under test: they get
     * AllPermission.
     */
    private Path policy(boolean grantAgent, ChildJvm jvm) throws Exception {
        String classes = ChildJvm.testClasses().toAbsolutePath().toUri().toURL().toString();
        StringBuilder text = new StringBuilder()
                .append("grant codeBase \"").append(classes).append("\" {\n")
                .append("  permission java.net.SocketPermission \"127.0.0.1:0-\", \"listen,connect,resolve\";\n")
                .append("  permission java.net.SocketPermission \"*\", \"accept,resolve\";\n")
                .append("  permission java.lang.RuntimePermission \"setSecurityManager\";\n")
                .append("  permission java.lang.RuntimePermission \"createSecurityManager\";\n")
                .append("  permission java.lang.RuntimePermission \"getClassLoader\";\n")
                .append("  permission java.lang.RuntimePermission \"accessClassInPackage.sun.nio.ch\";\n")
                .append("  permission javax.management.MBeanServerPermission \"createMBeanServer\";\n")
                .append("  permission javax.management.MBeanPermission \"*\", \"getAttribute\";\n")
                .append("};\n");
        if (grantAgent) {
            text.append("grant codeBase \"").append(agentJarUrl()).append("\" {\n")
                    .append("  permission java.security.AllPermission;\n")
                    .append("};\n");
        }
        for (String option : jvm.command()) {
            if (option.startsWith("-javaagent:") && !option.startsWith("-javaagent:" + ChildJvm.agentJar())) {
                String jar = option.substring("-javaagent:".length()).split("=", 2)[0];
                text.append("grant codeBase \"").append(Path.of(jar).toAbsolutePath().normalize().toUri().toURL().toString().replace("file:///", "file:/"))
                        .append("\" {\n  permission java.security.AllPermission;\n};\n");
            }
        }
        Path policy = Files.createTempFile(policyDirectory, "checker", ".policy");
        Files.writeString(policy, text);
        return policy;
    }
}
