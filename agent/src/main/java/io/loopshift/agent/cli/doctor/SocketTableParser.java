package io.loopshift.agent.cli.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads /proc/net/tcp and tcp6: {@code sl local_address rem_address st ...}, one socket a line
 * after a header. The first four columns, and the timer of TIME_WAIT lines (which have fewer
 * columns than the others), are all the doctor needs. A line that does not parse is counted and
 * skipped, never fatal: the doctor should still answer on a kernel that prints something unexpected.
 */
final class SocketTableParser {
    private final ProcAddressDecoder decoder;

    SocketTableParser(ProcAddressDecoder decoder) {
        this.decoder = decoder;
    }

    SocketTable parse(String name, BufferedReader reader) throws IOException {
        List<TcpSocket> sockets = new ArrayList<>();
        int malformed = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("sl ")) {
                continue;
            }
            TcpSocket socket = parseLine(trimmed);
            if (socket == null) {
                malformed++;
            } else {
                sockets.add(socket);
            }
        }
        return new SocketTable(name, true, sockets, malformed);
    }

    /** The socket on this line, or null when the line is not one the kernel would print. */
    TcpSocket parseLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 4 || !isSlot(fields[0]) || fields[3].length() != 2) {
            return null;
        }
        long stateCode = Hex.parse(fields[3], 0, 2);
        TcpState state = stateCode < 0 ? null : TcpState.ofCode((int) stateCode);
        int localColon = fields[1].indexOf(':');
        int remoteColon = fields[2].indexOf(':');
        if (state == null || localColon < 0 || remoteColon < 0) {
            return null;
        }
        IpAddress local = decoder.decode(fields[1].substring(0, localColon));
        IpAddress remote = decoder.decode(fields[2].substring(0, remoteColon));
        int localPort = port(fields[1], localColon);
        int remotePort = port(fields[2], remoteColon);
        if (local == null || remote == null || localPort < 0 || remotePort < 0) {
            return null;
        }
        int remaining = state == TcpState.TIME_WAIT && fields.length > 5 ? TimeWaitAge.remainingMillis(fields[5]) : TimeWaitAge.UNKNOWN;
        return new TcpSocket(local, localPort, remote, remotePort, state, remaining);
    }

    private static boolean isSlot(String field) {
        if (field.length() < 2 || !field.endsWith(":")) {
            return false;
        }
        for (int i = 0; i < field.length() - 1; i++) {
            if (field.charAt(i) < '0' || field.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The four hex digits after the colon, or -1. */
    private static int port(String field, int colon) {
        if (field.length() != colon + 5) {
            return -1;
        }
        return (int) Hex.parse(field, colon + 1, colon + 5);
    }
}
