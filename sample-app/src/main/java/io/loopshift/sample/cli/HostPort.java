package io.loopshift.sample.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** An IPv4 {@code host:port} from the command line, resolved at once so a bad address fails at start. */
public record HostPort(String host, int port) {

    public static HostPort parse(String what, String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException(what + " '" + text + "' is not host:port (e.g. 127.0.0.1:8080)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException notANumber) {
            throw new UsageException(what + " '" + text + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(what + " '" + text + "' has a port outside 0..65535");
        }
        HostPort parsed = new HostPort(text.substring(0, colon), port);
        try {
            InetAddress.getByName(parsed.host());
        } catch (UnknownHostException unknown) {
            throw new UsageException(what + " '" + text + "': unknown host " + parsed.host());
        }
        return parsed;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
