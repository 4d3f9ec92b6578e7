package io.loopshift.agent.config;

/**
 * One entry of {@code loopshift.routes}: which loopback destinations it matches and what it does
 * with them. {@code index} is the route's 1-based position, used in messages and metrics.
 */
public record Route(int index, String text, HostMatch host, PortRange ports, Action action) {

    /** True when this route takes a connect to this IPv4 address (as an int) and port. */
    public boolean matchesIpv4(int address, int port) {
        return host.matchesIpv4(address) && ports.contains(port);
    }

    /** True when this route takes a connect to ::1 on this port. */
    public boolean matchesIpv6Loopback(int port) {
        return host.ipv6Loopback() && ports.contains(port);
    }

    /** How every message names a route: {@code route #1 (127.0.0.1:3000->source:127.0.1.0/24)}. */
    public String name() {
        return "route #" + index + " (" + text + ")";
    }

    /** The match part, normalised: {@code 127.0.0.1:3000}. */
    public String match() {
        return host + ":" + ports;
    }

    @Override
    public String toString() {
        return match() + "->" + action;
    }
}
