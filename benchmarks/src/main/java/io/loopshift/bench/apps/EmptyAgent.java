package io.loopshift.bench.apps;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent whose premain does nothing, with the same manifest capabilities as loopshift's:
 * its start-up cost is what {@code -javaagent} itself costs (java.instrument, the jar, premain
 * by reflection), the floor under any agent's overhead. The driver packs it into its own jar.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // Nothing: that is the point.
    }
}
