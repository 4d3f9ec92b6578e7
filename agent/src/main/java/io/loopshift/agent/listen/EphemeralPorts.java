package io.loopshift.agent.listen;

import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;

/**
 * A port number for a server that binds port 0, chosen the way the kernel chooses it: a scratch
 * TCP socket of the same family binds the same address to port 0, and is closed at once. The
 * number is what the server reports and what {@code %p} expands to; its TCP port stays closed,
 * and another program may bind it later, which harms neither.
 */
final class EphemeralPorts {
    private EphemeralPorts() {
    }

    static int choose(ProtocolFamily family, InetAddress address) throws IOException {
        FileDescriptor scratch = NetCalls.streamSocket(family);
        try {
            NetCalls.bind(family, scratch, address, 0);
            return NetCalls.localPort(scratch);
        } finally {
            UnixCalls.closeQuietly(scratch);
        }
    }
}
