package io.loopshift.agent.listen;

import io.loopshift.agent.config.ListenRule;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The listen rules in order; {@link #match} finds the first that takes a server bind. A bind to
 * the wildcard address is taken only by {@code *} rules, a loopback bind only by loopback
 * matches, and any other address by none: a server bound to a real interface stays on TCP. A
 * bind to port 0 (an ephemeral port) is taken only by rules whose ports are {@code *}.
 */
public final class ListenTable {
    public static final ListenTable EMPTY = new ListenTable(List.of());

    private final ActiveListenRule[] rules;

    ListenTable(List<ActiveListenRule> rules) {
        this.rules = rules.toArray(new ActiveListenRule[0]);
    }

    public static ListenTable of(List<ListenRule> rules) {
        List<ActiveListenRule> active = new ArrayList<>();
        for (ListenRule rule : rules) {
            active.add(new ActiveListenRule(rule));
        }
        return new ListenTable(active);
    }

    ActiveListenRule match(InetAddress address, int port) {
        boolean wildcard = address.isAnyLocalAddress();
        if (!wildcard && !address.isLoopbackAddress()) {
            return null;
        }
        for (ActiveListenRule candidate : rules) {
            ListenRule rule = candidate.rule();
            boolean portMatches = port == 0 ? rule.takesEphemeral() : rule.ports().contains(port);
            if (portMatches && hostMatches(rule, address, wildcard)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean hostMatches(ListenRule rule, InetAddress address, boolean wildcard) {
        if (wildcard || rule.wildcard()) {
            return wildcard && rule.wildcard();
        }
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is its address as an int (JDK 17 to 25), as RouteTable uses it.
            return rule.host().matchesIpv4(address.hashCode());
        }
        return rule.host().ipv6Loopback();
    }

    public List<ActiveListenRule> rules() {
        return List.of(rules);
    }
}
