package io.loopshift.agent.config;

import java.net.Inet4Address;

/**
 * A contiguous run of IPv4 loopback addresses that a route rotates through, from a CIDR
 * ({@code 127.0.1.0/24}: network and broadcast addresses skipped) or an inclusive range
 * ({@code 127.0.0.2-127.0.3.254}). Immutable; the rotation position lives with the route.
 */
public final class AddressPool {
    /** Pools up to this size keep each address once built, so a rewrite allocates nothing after the first round. */
    private static final int PREBUILT_LIMIT = 1 << 16;

    private final String text;
    private final int first;
    private final int size;
    private final Inet4Address[] prebuilt;

    private AddressPool(String text, int first, int size) {
        this.text = text;
        this.first = first;
        this.size = size;
        // Filled as addresses are first used: building them all was a noticeable part of start-up.
        this.prebuilt = size <= PREBUILT_LIMIT ? new Inet4Address[size] : null;
    }

    static AddressPool parse(String pool, String property, String route) throws ConfigException {
        String trimmed = pool.trim();
        if (trimmed.isEmpty()) {
            throw new ConfigException(property, "route '" + route + "' has an empty address pool");
        }
        long low;
        long high;
        int slash = trimmed.indexOf('/');
        int dash = trimmed.indexOf('-');
        if (slash >= 0) {
            Integer address = Ipv4.parse(trimmed.substring(0, slash).trim());
            if (address == null) {
                throw notAPool(property, trimmed, route);
            }
            int prefix = Cidr.parsePrefix(trimmed.substring(slash + 1), property, route, trimmed);
            long network = Integer.toUnsignedLong(address & Ipv4.mask(prefix));
            long broadcast = network + (1L << (32 - prefix)) - 1;
            // /31 and /32 have no network or broadcast address to skip (RFC 3021).
            low = prefix <= 30 ? network + 1 : network;
            high = prefix <= 30 ? broadcast - 1 : broadcast;
        } else if (dash >= 0) {
            Integer from = Ipv4.parse(trimmed.substring(0, dash).trim());
            Integer to = Ipv4.parse(trimmed.substring(dash + 1).trim());
            if (from == null || to == null) {
                throw notAPool(property, trimmed, route);
            }
            low = Integer.toUnsignedLong(from);
            high = Integer.toUnsignedLong(to);
            if (low > high) {
                throw new ConfigException(property, "address pool '" + trimmed + "' in route '" + route + "' is empty (first address after last)");
            }
        } else {
            Integer single = Ipv4.parse(trimmed);
            if (single == null) {
                throw notAPool(property, trimmed, route);
            }
            low = Integer.toUnsignedLong(single);
            high = low;
        }
        if (!Ipv4.isLoopback((int) low) || !Ipv4.isLoopback((int) high)) {
            throw new ConfigException(property, "address pool '" + trimmed + "' in route '" + route
                    + "' is not loopback (every address must lie in 127.0.0.0/8)");
        }
        return new AddressPool(trimmed, (int) low, (int) (high - low + 1));
    }

    private static ConfigException notAPool(String property, String pool, String route) {
        return new ConfigException(property, "'" + pool + "' in route '" + route
                + "' is not an address pool (a CIDR such as 127.0.1.0/24 or a range such as 127.0.0.2-127.0.0.250)");
    }

    public int size() {
        return size;
    }

    /** The address at {@code index} (0 to size-1). */
    public Inet4Address get(int index) {
        if (prebuilt == null) {
            return Ipv4.toInetAddress(first + index);
        }
        // A racing thread may build the same address twice; InetAddress is safely published (final fields).
        Inet4Address address = prebuilt[index];
        if (address == null) {
            address = Ipv4.toInetAddress(first + index);
            prebuilt[index] = address;
        }
        return address;
    }

    public String firstAddress() {
        return Ipv4.format(first);
    }

    public String lastAddress() {
        return Ipv4.format(first + size - 1);
    }

    @Override
    public String toString() {
        return text;
    }

    public String describe() {
        return text + " (" + size + (size == 1 ? " address" : " addresses") + ", " + firstAddress() + "-" + lastAddress() + ")";
    }
}
