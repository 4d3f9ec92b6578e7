package io.loopshift.sample.demo;

import io.loopshift.sample.scenario.RouteMode;

import java.util.List;

/**
 * One column of the demo: which proxy (the Java proxy or real nginx), where the agent goes and
 * what it is told, and how the run is drawn.
 */
record DemoCase(RouteMode mode, boolean nginx, String label, String description, String color, boolean dashed) {
    /** The Java proxy's three runs, then the seed's own topology: real nginx in front of the backend. */
    static final List<DemoCase> ALL = List.of(
            new DemoCase(RouteMode.NONE, false, "no agent", "Java proxy -> backend over TCP, no agent", "#d62728", false),
            new DemoCase(RouteMode.SOURCE, false, "source:",
                    "Java proxy with -javaagent and 127.0.0.1:<backend port>->source:127.0.1.0/24 (rotating source address)", "#2ca02c", false),
            new DemoCase(RouteMode.UNIX, false, "unix:",
                    "Java proxy with -javaagent and 127.0.0.1:<backend port>->unix:<socket> (backend also listens on a Unix socket)", "#1f77b4", true),
            new DemoCase(RouteMode.NONE, true, "nginx, tcp", "nginx -> backend on 127.0.0.1:<backend port> over TCP, no agent", "#ff7f0e", false),
            new DemoCase(RouteMode.LISTEN, true, "nginx, listen",
                    "nginx -> backend's Unix socket: the backend's JVM with -javaagent and loopshift.listen=127.0.0.1:<backend port>->unix:<socket>",
                    "#9467bd", true));

    String proxy() {
        return nginx ? "nginx" : "java";
    }
}
