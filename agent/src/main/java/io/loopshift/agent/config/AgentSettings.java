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
            Action action = route.action();
            if (action instanceof Action.Source source) {
                line.append("bind source to ").append(source.pool().describe());
            } else if (action instanceof Action.Dest dest) {
                line.append("connect to ").append(dest.pool().describe());
            } else if (action instanceof Action.Unix unix) {
                line.append("unix socket ").append(unix.path()).append(" (fallback ").append(fallback.key()).append(')');
            } else {
                line.append("left untouched");
            }
        }
        return line.toString();
    }
}
