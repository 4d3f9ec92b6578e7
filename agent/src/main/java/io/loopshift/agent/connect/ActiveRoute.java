package io.loopshift.agent.connect;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.Route;

/** A configured route with what it needs at run time: its connector and its counters. */
public final class ActiveRoute {
    private final Route route;
    private final RouteConnector connector;
    private final RouteMetrics metrics;
    /** Decided once here, so the connect path reads a field and initialises nothing. */
    private final boolean leavesUntouched;

    ActiveRoute(Route route, RouteConnector connector, RouteMetrics metrics) {
        this.route = route;
        this.connector = connector;
        this.metrics = metrics;
        this.leavesUntouched = route.action() instanceof Action.Ignore;
    }

    public Route route() {
        return route;
    }

    public RouteMetrics metrics() {
        return metrics;
    }

    /** True for an {@code ignore} route: a match is counted and the connect left to the JDK. */
    boolean leavesUntouched() {
        return leavesUntouched;
    }

    RouteConnector connector() {
        return connector;
    }

    /** The index of the pool address the next connect uses, or -1 for actions that do not rotate. */
    public int rotationPosition() {
        return connector.rotationPosition();
    }

    /** Routes are named by position and text in every message: {@code route #1 (127.0.0.1:3000->source:...)}. */
    public String name() {
        return route.name();
    }
}
