package io.loopshift.bench;

import java.util.List;

/**
 * One way of running the client for a whole-process figure: its letter in the issue, a label for
 * the table, the JVM options (the agent and its routes, or none), what the client connects to, and
 * what its server must have seen for the variant to be what it claims.
 */
record Variant(String key, String label, List<String> jvmOptions, boolean nativeUnix, Expect expect) {

    /** What the in-process server must report for this variant. */
    enum Expect {
        /** Every connection over TCP from and to 127.0.0.1. */
        PLAIN_TCP,
        /** Over TCP from several source addresses. */
        ROTATED_SOURCE,
        /** Over TCP to several destination addresses. */
        ROTATED_DEST,
        /** Every connection over the Unix listener. */
        UNIX_ONLY;

        /** Null when the server line fits, else what is wrong. */
        String check(ChildJvm.Result result) {
            String tcp = result.value("SERVER", "tcp_accepts");
            String unix = result.value("SERVER", "unix_accepts");
            String peers = result.value("SERVER", "peers");
            String locals = result.value("SERVER", "locals");
            if (tcp == null) {
                return "no SERVER line";
            }
            long tcpAccepts = Long.parseLong(tcp);
            long unixAccepts = Long.parseLong(unix);
            int peerCount = Integer.parseInt(peers);
            int localCount = Integer.parseInt(locals);
            boolean fits;
            switch (this) {
                case PLAIN_TCP:
                    fits = unixAccepts == 0 && tcpAccepts > 0 && peerCount == 1 && localCount == 1;
                    break;
                case ROTATED_SOURCE:
                    fits = unixAccepts == 0 && peerCount > 1 && localCount == 1;
                    break;
                case ROTATED_DEST:
                    fits = unixAccepts == 0 && localCount > 1;
                    break;
                default:
                    fits = tcpAccepts == 0 && unixAccepts > 0;
                    break;
            }
            return fits ? null : "server saw tcp_accepts=" + tcpAccepts + " unix_accepts=" + unixAccepts + " peers=" + peerCount
                    + " locals=" + localCount + ", not " + this;
        }
    }

    List<String> targetArgs() {
        return List.of("--target", nativeUnix ? "unix" : "tcp");
    }
}
