package io.loopshift.it.sample;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the sample jar's {@code scenario} subcommand in a private network namespace: it starts the
 * backend, the proxy (with {@code -javaagent} unless the mode is {@code none}) and the load as
 * three JVMs there, and prints each one's summary line ({@code BACKEND}, {@code PROXY},
 * {@code LOAD}) and its read-back of the namespace ({@code RUN}).
 */
final class SampleScenario {
    /** Port range of the namespace: small, so 3,000 requests need 15 times more ports than one address has. */
    static final int PORTS = 200;
    static final int REQUESTS = 3000;
    static final String[] CLIENTS = {"socket", "channel", "async", "httpclient"};

    private SampleScenario() {
    }

    /** The scenario's output with the Java proxy, after checking it ran to the end and every child exited with 0. */
    static ChildJvm.Result run(String mode, String client) throws Exception {
        return run(mode, "java", client);
    }

    /** The same with real nginx as the proxy ({@code --mode none} or {@code listen}). */
    static ChildJvm.Result runNginx(String mode) throws Exception {
        return run(mode, "nginx", "socket");
    }

    private static ChildJvm.Result run(String mode, String proxy, String client) throws Exception {
        ChildJvm jvm = ChildJvm.jar(ChildJvm.sampleJar())
                .inNetns(Netns.Settings.ports(PORTS))
                .timeoutSeconds(120)
                .args("scenario", "--mode", mode, "--proxy", proxy, "--client", client, "--requests", REQUESTS, "--seconds", 40,
                        "--concurrency", 4);
        if (!mode.equals("none")) {
            jvm.args("--agent", ChildJvm.agentJar());
        }
        ChildJvm.Result result = jvm.run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals((Netns.Settings.ports(PORTS).firstPort()) + "-" + Netns.Settings.ports(PORTS).lastPort(),
                result.value("RUN", "port_range"), "the namespace's range, read back inside it\n" + result.describe());
        assertEquals("0", result.value("RUN", "tw_reuse"), result.describe());
        return result;
    }

    /** The User-Agent the backend must have seen: proof of which client made the upstream requests. */
    static String expectedUserAgent(String client) {
        return client.equals("httpclient") ? "Java-http-client/" : "loopshift-sample-proxy/" + client;
    }
}
