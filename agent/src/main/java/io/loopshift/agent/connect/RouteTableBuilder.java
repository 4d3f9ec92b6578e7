package io.loopshift.agent.connect;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.AddressPool;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Route;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** Builds the run-time route table from parsed settings: one connector and counter set per route. */
public final class RouteTableBuilder {
    private RouteTableBuilder() {
    }

    public static RouteTable build(AgentSettings settings, List<Route> routes, UnixRedirects unixRedirects) {
        List<ActiveRoute> active = new ArrayList<>();
        for (Route route : routes) {
            RouteMetrics metrics = new RouteMetrics();
            String name = route.name();
            active.add(new ActiveRoute(route, connectorFor(route.action(), metrics, name, settings, unixRedirects), metrics));
        }
        return new RouteTable(active);
    }

    private static RouteConnector connectorFor(Action action, RouteMetrics metrics, String name, AgentSettings settings, UnixRedirects unixRedirects) {
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
                return new UnixConnector(path, settings.fallback(), metrics, name, unixRedirects.table(), unixRedirects.optionsBeforeConnect(), jnuCharset(),
                        unixRedirects::backlogDeferral);
            }

            @Override
            public RouteConnector ignore() {
                return RouteConnector.UNTOUCHED;
            }
        });
    }

    /** The charset the JDK encodes socket paths with (sun.jnu.encoding). */
    public static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }
}
