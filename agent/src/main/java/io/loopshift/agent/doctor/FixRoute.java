package io.loopshift.agent.doctor;

/**
 * The loopshift routes that would take the pressure off one destination. An IPv4 destination
 * gets {@code source:}: binding each connection to one of 254 source addresses multiplies the
 * ports by 254 and works whatever address the server listens on. {@code ::1} is the only IPv6
 * loopback address, so there the fix is {@code dest:} onto IPv4 loopback, which needs the server
 * to listen on IPv4 too. Either way, a server that can listen on a Unix socket can be reached
 * with {@code unix:}, which uses no port at all.
 */
record FixRoute(String route, String explanation, String unixRoute) {
    static final String POOL = "127.0.1.0/24";
    static final String DEST_POOL = "127.0.0.0/24";
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
        return new FixRoute(match + "->dest:" + DEST_POOL,
                "connects to the next of " + POOL_ADDRESSES + " IPv4 loopback addresses instead (" + ports
                        + " ports); the server must also listen on IPv4 (0.0.0.0 or [::])", unixRoute);
    }

    /** The system property as it goes on the java command line. */
    static String property(String route) {
        return "-Dloopshift.routes=\"" + route + "\"";
    }
}
