package io.loopshift.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code loopshift.routes}: routes separated by {@code ,} or {@code ;}, each
 * {@code <host>:<port>-><action>}, first match wins. Strict: any problem is a
 * {@link ConfigException} naming the property and the text, never a silent default.
 */
public final class RouteParser {
    public static final String PROPERTY = "loopshift.routes";

    private final UnixPathRule unixPathRule;

    public RouteParser(UnixPathRule unixPathRule) {
        this.unixPathRule = unixPathRule;
    }

    public List<Route> parse(String value) throws ConfigException {
        if (value.trim().isEmpty()) {
            throw new ConfigException(PROPERTY, "is empty; give at least one route such as 127.0.0.1:3000->source:127.0.1.0/24, or remove the property");
        }
        List<Route> routes = new ArrayList<>();
        for (String text : RuleSeparators.split(value)) {
            if (text.trim().isEmpty()) {
                throw new ConfigException(PROPERTY, "has an empty route in '" + value + "' (two separators in a row, or one at an end)");
            }
            Route route = parseRoute(routes.size() + 1, text.trim());
            for (Route earlier : routes) {
                if (earlier.host().sameDestinations(route.host()) && earlier.ports().sameAs(route.ports())) {
                    throw new ConfigException(PROPERTY, "route '" + route.text() + "' repeats the match of route " + earlier.index()
                            + " '" + earlier.text() + "' (first match wins, so it could never apply)");
                }
            }
            routes.add(route);
        }
        return List.copyOf(routes);
    }

    private Route parseRoute(int index, String text) throws ConfigException {
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new ConfigException(PROPERTY, "route '" + text + "' has no '->' (expected <host>:<port>-><action>, e.g. 127.0.0.1:3000->source:127.0.1.0/24)");
        }
        String match = text.substring(0, arrow).trim();
        String actionText = text.substring(arrow + 2).trim();
        int colon = match.lastIndexOf(':');
        if (colon < 0 || match.endsWith("]")) {
            throw new ConfigException(PROPERTY, "match '" + match + "' in route '" + text + "' has no port (expected <host>:<port>, e.g. 127.0.0.1:3000 or localhost:*)");
        }
        HostMatch host = HostMatch.parse(match.substring(0, colon), PROPERTY, text);
        PortRange ports = PortRange.parse(match.substring(colon + 1), PROPERTY, text);
        Action action = parseAction(actionText, host, text);
        return new Route(index, text, host, ports, action);
    }

    private Action parseAction(String actionText, HostMatch host, String route) throws ConfigException {
        if (actionText.isEmpty()) {
            throw new ConfigException(PROPERTY, "route '" + route + "' has no action after '->' (expected source:<pool>, dest:<pool>, unix:<path> or ignore)");
        }
        int colon = actionText.indexOf(':');
        String kind = colon < 0 ? actionText : actionText.substring(0, colon).trim();
        String argument = colon < 0 ? "" : actionText.substring(colon + 1).trim();
        switch (kind) {
            case "source":
                if (!host.coversIpv4()) {
                    throw new ConfigException(PROPERTY, "route '" + route + "' binds an IPv4 source to an IPv6 destination: source: needs an IPv4 match ([::1] cannot take an IPv4 source address)");
                }
                return new Action.Source(AddressPool.parse(argument, PROPERTY, route));
            case "dest":
                if (!host.coversIpv4()) {
                    throw new ConfigException(PROPERTY, "route '" + route + "' rotates an IPv6 destination over IPv4 addresses: dest: needs an IPv4 match"
                            + " (a server on ::1 is not the one on 127.x; unix: can serve [::1])");
                }
                return new Action.Dest(AddressPool.parse(argument, PROPERTY, route));
            case "unix":
                return new Action.Unix(unixPathRule.check(argument, route));
            case "ignore":
                if (colon >= 0) {
                    throw new ConfigException(PROPERTY, "route '" + route + "': ignore takes no argument (e.g. 127.0.0.1:5432->ignore before a wider route)");
                }
                return new Action.Ignore();
            default:
                throw new ConfigException(PROPERTY, "route '" + route + "' has unknown action '" + actionText
                        + "' (expected source:<pool>, dest:<pool>, unix:<path> or ignore, in lower case)");
        }
    }
}
