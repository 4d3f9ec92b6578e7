package io.loopshift.agent.connect;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.AddressPool;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Route;

import java.util.ArrayList;
import java.util.List;

/** Builds the run-time route table from parsed settings: one connector and counter set per route. */
public final class RouteTableBuilder {
    private RouteTableBuilder() {
    }

    public static RouteTable build(AgentSettings settings, List<Route> routes, UnixRouteConnectors unixConnectors) {
        List<ActiveRoute> active = new ArrayList<>();
        for (Route route : routes) {
            RouteMetrics metrics = new RouteMetrics();
            String name = route.name();
            active.add(new ActiveRoute(route, connectorFor(route.action(), metrics, name, settings, unixConnectors), metrics));
        }
        return new RouteTable(active);
    }

    private static RouteConnector connectorFor(Action action, RouteMetrics metrics, String name, AgentSettings settings, UnixRouteConnectors unixConnectors) {
        return action.match(new Action.Cases<RouteConnector>() {
            @Override
            public RouteConnector source(AddressPool pool) {
                return new SourceConnector(new Rotation(pool), metrics);
            }

            @Override
            public RouteConnector dest(AddressPool pool) {
                return new DestConnector(new Rotation(pool), metrics, name);
            }

            @Override
            public RouteConnector unix(String path) {
                return unixConnectors.connector(path, settings.fallback(), metrics, name);
            }

            @Override
            public RouteConnector ignore() {
                return RouteConnector.UNTOUCHED;
            }
        });
    }
}
