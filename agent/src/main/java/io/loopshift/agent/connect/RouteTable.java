package io.loopshift.agent.connect;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The routes in order; {@link #match} finds the first that takes a destination. It runs on every
 * loopback connect, so it allocates nothing: an IPv4 address is compared as the int that
 * {@link Inet4Address#hashCode()} returns (its address, on JDK 17 to 25; {@code RouteTableTest}
 * checks it).
 */
public final class RouteTable {
    public static final RouteTable EMPTY = new RouteTable(List.of());

    private final ActiveRoute[] routes;

    public RouteTable(List<ActiveRoute> routes) {
        this.routes = routes.toArray(new ActiveRoute[0]);
    }

    public ActiveRoute match(InetAddress remote, int port) {
        if (remote instanceof Inet4Address) {
            int address = remote.hashCode();
            for (ActiveRoute candidate : routes) {
                if (candidate.route().matchesIpv4(address, port)) {
                    return candidate;
                }
            }
        } else if (remote.isLoopbackAddress()) {
            for (ActiveRoute candidate : routes) {
                // IPv4 pools cannot serve a ::1 destination: such routes (a localhost match) pass it on.
                if (candidate.route().matchesIpv6Loopback(port) && candidate.route().action().servesIpv6Destinations()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    public List<ActiveRoute> routes() {
        return List.of(routes);
    }
}
