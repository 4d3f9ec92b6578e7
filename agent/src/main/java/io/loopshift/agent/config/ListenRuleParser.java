package io.loopshift.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code loopshift.listen}: rules separated by {@code ,} or {@code ;}, each
 * {@code <host>:<port>->unix:<path>}, first match wins. The host is {@code *} (a server binding
 * the wildcard address) or a loopback match as in routes; the port is a number, {@code lo-hi}
 * or {@code *}. Strict, like {@link RouteParser}.
 */
public final class ListenRuleParser {
    public static final String PROPERTY = "loopshift.listen";
    static final String RULE = "listen rule";
    private static final String EXAMPLE = "127.0.0.1:3000->unix:/run/app/3000.sock";

    private final UnixPathRule unixPathRule;

    public ListenRuleParser(UnixPathRule unixPathRule) {
        this.unixPathRule = unixPathRule;
    }

    public List<ListenRule> parse(String value) throws ConfigException {
        if (value.trim().isEmpty()) {
            throw new ConfigException(PROPERTY, "is empty; give at least one listen rule such as " + EXAMPLE + ", or remove the property");
        }
        List<ListenRule> rules = new ArrayList<>();
        for (String text : RuleSeparators.split(value)) {
            if (text.trim().isEmpty()) {
                throw new ConfigException(PROPERTY, "has an empty listen rule in '" + value + "' (two separators in a row, or one at an end)");
            }
            ListenRule rule = parseRule(rules.size() + 1, text.trim());
            for (ListenRule earlier : rules) {
                if (sameHosts(earlier, rule) && earlier.ports().sameAs(rule.ports())) {
                    throw new ConfigException(PROPERTY, "listen rule '" + rule.text() + "' repeats the match of listen rule " + earlier.index()
                            + " '" + earlier.text() + "' (first match wins, so it could never apply)");
                }
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    private static boolean sameHosts(ListenRule a, ListenRule b) {
        if (a.wildcard() || b.wildcard()) {
            return a.wildcard() && b.wildcard();
        }
        return a.host().sameDestinations(b.host());
    }

    private ListenRule parseRule(int index, String text) throws ConfigException {
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new ConfigException(PROPERTY, "listen rule '" + text + "' has no '->' (expected <host>:<port>->unix:<path>, e.g. " + EXAMPLE + ")");
        }
        String match = text.substring(0, arrow).trim();
        String target = text.substring(arrow + 2).trim();
        int colon = match.lastIndexOf(':');
        if (colon < 0 || match.endsWith("]")) {
            throw new ConfigException(PROPERTY, "match '" + match + "' in listen rule '" + text + "' has no port (expected <host>:<port>, e.g. 127.0.0.1:3000 or *:8080)");
        }
        HostMatch host = parseHost(match.substring(0, colon).trim(), text);
        PortRange ports = PortRange.parse(match.substring(colon + 1), PROPERTY, RULE, text);
        if (!target.startsWith("unix:")) {
            throw new ConfigException(PROPERTY, "listen rule '" + text + "' has '" + target + "' after '->' (expected unix:<path>, in lower case)");
        }
        String pathText = target.substring("unix:".length()).trim();
        if (pathText.startsWith("@")) {
            // An abstract socket has no file: the stale, ownership and mode rules of listen rules do not apply to it.
            throw new ConfigException(PROPERTY, "listen rule '" + text + "' names an abstract socket '" + pathText
                    + "'; listen rules take a socket file path such as /run/app/app.sock");
        }
        String path = unixPathRule.check(pathText, PROPERTY, RULE, text);
        return new ListenRule(index, text, host, ports, path);
    }

    /** Null for {@code *}; the wildcard written as an address is refused with the right spelling. */
    private static HostMatch parseHost(String host, String rule) throws ConfigException {
        if (host.equals("*")) {
            return null;
        }
        if (host.equals("0.0.0.0") || host.equals("[::]") || host.equals("[0:0:0:0:0:0:0:0]")) {
            throw new ConfigException(PROPERTY, "host '" + host + "' in listen rule '" + rule
                    + "' is the wildcard address; write * for a server that binds it (e.g. *:8080->unix:/run/app/8080.sock)");
        }
        return HostMatch.parse(host, PROPERTY, RULE, rule);
    }
}
