package io.loopshift.agent.config;

import java.util.Locale;

/**
 * The host part of a route's match: {@code localhost} (127.0.0.0/8 and ::1), an IPv4 loopback
 * address, an IPv4 loopback CIDR, or {@code [::1]}. IPv4 is kept as network and mask so matching
 * a connect costs two int operations.
 */
public record HostMatch(String text, int network, int mask, boolean ipv4, boolean ipv6Loopback) {

    static HostMatch parse(String host, String property, String route) throws ConfigException {
        String trimmed = host.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost")) {
            return new HostMatch("localhost", Ipv4.LOOPBACK_NET, Ipv4.LOOPBACK_MASK, true, true);
        }
        if (lower.equals("[::1]")) {
            return new HostMatch("[::1]", 0, 0, false, true);
        }
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Integer address = Ipv4.parse(addressText);
        if (address == null) {
            throw new ConfigException(property, "host '" + host.trim() + "' in route '" + route
                    + "' is not localhost, [::1], an IPv4 loopback address or a CIDR such as 127.0.0.0/8");
        }
        int prefix = 32;
        if (slash >= 0) {
            prefix = Cidr.parsePrefix(trimmed.substring(slash + 1), property, route, trimmed);
        }
        int mask = Ipv4.mask(prefix);
        int network = address & mask;
        if (!Ipv4.isLoopback(network) || prefix < 8) {
            throw new ConfigException(property, "host '" + trimmed + "' in route '" + route
                    + "' is not loopback (must lie in 127.0.0.0/8): loopshift only rewrites connections to this machine");
        }
        return new HostMatch(trimmed, network, mask, true, false);
    }

    public boolean matchesIpv4(int address) {
        return ipv4 && (address & mask) == network;
    }

    /** True when this match covers some IPv4 destination (so a source pool can apply). */
    public boolean coversIpv4() {
        return ipv4;
    }

    /** True when two matches select exactly the same destinations, however they are written. */
    public boolean sameDestinations(HostMatch other) {
        return ipv4 == other.ipv4 && ipv6Loopback == other.ipv6Loopback && network == other.network && mask == other.mask;
    }

    @Override
    public String toString() {
        return text;
    }
}
