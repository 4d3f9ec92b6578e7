package io.loopshift.agent.connect;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Route;

import java.util.ArrayList;
import java.util.List;

/** Builds the run-time route table from parsed settings: one connector and counter set per route. */
public final class RouteTableBuilder {
    private RouteTableBuilder() {
    }

    public static RouteTable build(AgentSettings settings, List<Route> routes) {
        List<ActiveRoute> active = new ArrayList<>();
        for (Route route : routes) {
            RouteMetrics metrics = new RouteMetrics();
            String name = "route #" + route.index() + " (" + route.text() + ")";
            active.add(new ActiveRoute(route, connectorFor(route.action(), metrics, name, settings), metrics));
        }
        return new RouteTable(active);
    }

    private static RouteConnector connectorFor(Action action, RouteMetrics metrics, String name, AgentSettings settings) {
        if (action instanceof Action.Source source) {
            return new SourceConnector(new Rotation(source.pool()), metrics);
        }
        if (action instanceof Action.Dest dest) {
            return new DestConnector(new Rotation(dest.pool()), metrics, name);
        }
        throw new UnsupportedOperationException("unix: routes are not available in this build");
    }
}
