package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checker for a JVM under a SecurityManager, run with a route {@code 127.0.0.1:*->source:...}
 * and {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (to read the hooks' failure
 * counter). With argument {@code later} it installs the SecurityManager itself, after the agent
 * started, as some application servers do in main. Then it makes {@code connects} connections to
 * a server on 127.0.0.1 and prints
 * {@code RESULT sm=<start|later|unsupported|none> distinct_peers=.. hooks=<present|absent> handler_failures=.. jmx_rewritten=<n|absent>}.
 * Arguments: {@code <start|later> connects}.
 */
public final class SecurityManagerCheck {
    private SecurityManagerCheck() {
    }

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        String sm = System.getSecurityManager() != null ? "start" : "none";
        if (args[0].equals("later")) {
            try {
                System.setSecurityManager(new SecurityManager());
                sm = "later";
            } catch (UnsupportedOperationException removed) {
                sm = "unsupported";  // JDK 24+: JEP 486
            }
        }
        int connects = Integer.parseInt(args[1]);
        Set<String> peers = new TreeSet<>();
        try (ServerSocket server = new ServerSocket(0, connects, InetAddress.getByName("127.0.0.1"))) {
            for (int i = 0; i < connects; i++) {
                try (Socket client = new Socket("127.0.0.1", server.getLocalPort()); Socket accepted = server.accept()) {
                    peers.add(accepted.getInetAddress().getHostAddress());
                }
            }
        }
        Class<?> hooks;
        try {
            hooks = Class.forName("sun.nio.ch.LoopshiftHooks", false, null);
        } catch (ClassNotFoundException agentInactive) {
            hooks = null;
        }
        Object failures = hooks == null ? "-" : hooks.getField("HANDLER_FAILURES").get(null);
        Throwable last = hooks == null ? null : (Throwable) hooks.getField("lastHandlerFailure").get(null);
        if (last != null) {
            last.printStackTrace(System.out);
        }
        System.out.println("RESULT sm=" + sm + " distinct_peers=" + peers.size() + " hooks=" + (hooks == null ? "absent" : "present")
                + " handler_failures=" + failures + " jmx_rewritten=" + (hooks == null ? "absent" : jmxRewritten()) + " peers=" + String.join(",", peers));
    }

    /** The agent registers its MXBeans from a thread of its own a moment after start-up. */
    private static String jmxRewritten() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName total = new ObjectName("loopshift:type=Total");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isRegistered(total)) {
            if (System.nanoTime() > deadline) {
                return "absent";
            }
            Thread.sleep(100);
        }
        return String.valueOf(server.getAttribute(total, "Rewritten"));
    }
}
