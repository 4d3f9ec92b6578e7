package io.loopshift.agent.config;

/** The port part of a route's match: one port, {@code lo-hi}, or {@code *}. */
public record PortRange(int low, int high) {

    static PortRange parse(String text, String property, String route) throws ConfigException {
        String trimmed = text.trim();
        if (trimmed.equals("*")) {
            return new PortRange(1, 65535);
        }
        int dash = trimmed.indexOf('-');
        int low = parsePort(dash < 0 ? trimmed : trimmed.substring(0, dash), property, route);
        int high = dash < 0 ? low : parsePort(trimmed.substring(dash + 1), property, route);
        if (low > high) {
            throw new ConfigException(property, "port range '" + trimmed + "' is empty (low > high) in route '" + route + "'");
        }
        return new PortRange(low, high);
    }

    private static int parsePort(String text, String property, String route) throws ConfigException {
        String trimmed = text.trim();
        if (!Digits.isNumber(trimmed, 5)) {
            throw new ConfigException(property, "'" + text + "' is not a port (1-65535, lo-hi or *) in route '" + route + "'");
        }
        int port = Integer.parseInt(trimmed);
        if (port < 1 || port > 65535) {
            throw new ConfigException(property, "port " + port + " is outside 1-65535 in route '" + route + "'");
        }
        return port;
    }

    /**
     * True for the same ports. Not {@code equals}: a record's generated equals bootstraps
     * through invokedynamic on first use, which costs premain tens of milliseconds.
     */
    public boolean sameAs(PortRange other) {
        return low == other.low && high == other.high;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        if (low == 1 && high == 65535) {
            return "*";
        }
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
