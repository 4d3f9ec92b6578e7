package io.loopshift.agent.cli.doctor;

/**
 * An address from the socket table, already normalised: an IPv4-mapped IPv6 address
 * ({@code ::ffff:127.0.0.1}, what a dual-stack Java socket shows) is its IPv4 address, because
 * the kernel gives both the same ephemeral ports. Equal texts mean equal addresses.
 */
record IpAddress(String text, boolean ipv6, boolean loopback) {

    /** How the address reads inside {@code host:port}: IPv6 in brackets. */
    String withPort(int port) {
        return (ipv6 ? "[" + text + "]" : text) + ":" + port;
    }

    @Override
    public String toString() {
        return text;
    }
}
