package io.loopshift.agent.config;

import io.loopshift.agent.log.LogLevel;

import java.util.List;

/**
 * The agent's whole configuration, parsed once and validated strictly. Immutable.
 *
 * @param enabled  {@code loopshift.enabled}: false makes the agent inert
 * @param logLevel {@code loopshift.log}
 * @param routes   {@code loopshift.routes} in order, first match wins; empty when none was given
 * @param fallback {@code loopshift.fallback} for {@code unix:} routes
 */
public record AgentSettings(boolean enabled, LogLevel logLevel, List<Route> routes, Fallback fallback) {

    public boolean hasRoutes() {
        return !routes.isEmpty();
    }

    public boolean hasUnixRoutes() {
        for (Route route : routes) {
            if (route.action() instanceof Action.Unix) {
                return true;
            }
        }
        return false;
    }

    /** One line for the start-up log: what the agent will do. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append(routes.size()).append(routes.size() == 1 ? " route" : " routes").append(": ");
        for (Route route : routes) {
            if (route.index() > 1) {
                line.append("; ");
            }
            line.append('#').append(route.index()).append(' ').append(route.match()).append(" -> ");
            line.append(route.action().match(new Action.Cases<String>() {
                @Override
                public String source(AddressPool pool) {
                    return "bind source to " + pool.describe();
                }

                @Override
                public String dest(AddressPool pool) {
                    return "connect to " + pool.describe();
                }

                @Override
                public String unix(String path) {
                    return "unix socket " + path + " (fallback " + fallback.key() + ")";
                }

                @Override
                public String ignore() {
                    return "left untouched";
                }
            }));
        }
        return line.toString();
    }
}
