package io.loopshift.agent.cli.doctor;

/**
 * The three fixed parts of a client connection's 4-tuple. Connections that share them can only
 * differ in their local port, so each such group has the ephemeral range to itself, and runs out
 * on its own.
 */
record DestinationKey(IpAddress source, IpAddress destination, int port) {

    String destinationText() {
        return destination.withPort(port);
    }
}
