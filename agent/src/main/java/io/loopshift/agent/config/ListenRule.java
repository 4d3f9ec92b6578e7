package io.loopshift.agent.config;

/**
 * One entry of {@code loopshift.listen}: which server binds it takes and the Unix socket path
 * they listen on instead. {@code host} is null for {@code *}, the rule for servers that bind the
 * wildcard address (0.0.0.0 or ::). {@code index} is the 1-based position, used in messages and
 * metrics.
 */
public record ListenRule(int index, String text, HostMatch host, PortRange ports, String path) {

    /** True for {@code *}: the rule takes binds to the wildcard address, and only those. */
    public boolean wildcard() {
        return host == null;
    }

    /** True when the rule takes a bind to port 0 (an ephemeral port): only {@code *} ports do. */
    public boolean takesEphemeral() {
        return ports.low() == 1 && ports.high() == 65535;
    }

    /** How every message names a listen rule: {@code listen rule #1 (127.0.0.1:3000->unix:/run/app.sock)}. */
    public String name() {
        return "listen rule #" + index + " (" + text + ")";
    }

    /** The match part, normalised: {@code 127.0.0.1:3000}, {@code *:8080}. */
    public String match() {
        return (host == null ? "*" : host.toString()) + ":" + ports;
    }

    @Override
    public String toString() {
        return match() + "->unix:" + path;
    }
}
