package io.loopshift.agent.cli.doctor;

/**
 * The loopshift routes that would take the pressure off one destination. An IPv4 destination
 * gets {@code source:}: binding each connection to one of 254 source addresses multiplies the
 * ports by 254 and works whatever address the server listens on. {@code ::1} is the only IPv6
 * loopback address and no IPv4 pool may stand in for it (a server on ::1 is a different socket),
 * so there the fix is {@code unix:}, which uses no port at all; for IPv4 it is the alternative.
 */
record FixRoute(String route, String explanation, String unixRoute) {
    static final String POOL = "127.0.1.0/24";
    static final int POOL_ADDRESSES = 254;
    static final String UNIX_PATH = "/path/to/server.sock";

    static FixRoute forDestination(DestinationKey key, EphemeralRange range) {
        String match = key.destinationText();
        long ports = (long) POOL_ADDRESSES * range.size();
        String unixRoute = match + "->unix:" + UNIX_PATH;
        if (!key.destination().ipv6()) {
            return new FixRoute(match + "->source:" + POOL,
                    "binds each connection to the next of " + POOL_ADDRESSES + " source addresses: "
                            + POOL_ADDRESSES + " x " + range.size() + " = " + ports + " ports", unixRoute);
        }
        return new FixRoute(unixRoute, "::1 is the only IPv6 loopback address, so no pool can rotate it:"
                + " if the server can listen on a Unix socket (give its path), no port at all", unixRoute);
    }

    /** True when the Unix route is offered besides the main fix, not as it. */
    boolean hasAlternative() {
        return !unixRoute.equals(route);
    }

    /** The system property as it goes on the java command line. */
    static String property(String route) {
        return "-Dloopshift.routes=\"" + route + "\"";
    }
}
