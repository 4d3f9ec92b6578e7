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
 * @param listenRules {@code loopshift.listen} in order, first match wins; empty when none was given
 * @param listenMode  {@code loopshift.listen.mode}: permission bits of the socket files created
 */
public record AgentSettings(boolean enabled, LogLevel logLevel, List<Route> routes, Fallback fallback,
                            List<ListenRule> listenRules, int listenMode) {

    /** Settings without listen rules. */
    public AgentSettings(boolean enabled, LogLevel logLevel, List<Route> routes, Fallback fallback) {
        this(enabled, logLevel, routes, fallback, List.of(), FileMode.DEFAULT);
    }

    public boolean hasListenRules() {
        return !listenRules.isEmpty();
    }

    /** True when there is something to do: a route or a listen rule. */
    public boolean hasWork() {
        return hasRoutes() || hasListenRules();
    }

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
        if (!routes.isEmpty() || !hasListenRules()) {
            line.append(routes.size()).append(routes.size() == 1 ? " route" : " routes").append(": ");
        }
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
        if (hasListenRules()) {
            line.append(routes.isEmpty() ? "" : "; ").append(listenRules.size()).append(listenRules.size() == 1 ? " listen rule" : " listen rules")
                    .append(" (socket mode ").append(FileMode.format(listenMode)).append("): ");
            for (ListenRule rule : listenRules) {
                if (rule.index() > 1) {
                    line.append("; ");
                }
                line.append('#').append(rule.index()).append(' ').append(rule.match()).append(" -> listen on unix socket ").append(rule.path());
            }
        }
        return line.toString();
    }
}
