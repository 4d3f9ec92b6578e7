package io.loopshift.agent;

import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hooks class's native slots hold these placeholders from before the weave until the JDK's
 * own natives are looked up: a socket made or connected in that moment must get the JDK's result.
 */
class HookSlotsTest {
    @Test
    void untilWovenAConnectReachesTheJdksNative() throws Throwable {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            FileDescriptor fd = descriptorOf(channel);
            int connected = HookSlots.connect0UntilWoven(false, fd, InetAddress.getLoopbackAddress(), server.getLocalPort());
            assertEquals(1, connected, "a blocking connect0 answers 1 once connected");
            try (Socket accepted = server.accept()) {
                // The channel does not know it is connected (the test connected its descriptor behind it): ask the kernel.
                assertEquals(NetCalls.localPort(fd), accepted.getPort(), "the server accepted this socket's connect");
            }
        }
    }

    @Test
    void untilWovenASocketIsMadeByTheJdksNative() throws Throwable {
        int number = HookSlots.socket0UntilWoven(false, true, false, false);
        try {
            assertTrue(number > 2, "a new descriptor number, got " + number);
        } finally {
            UnixCalls.closeQuietly(number);
        }
    }

    private static FileDescriptor descriptorOf(SocketChannel channel) throws ReflectiveOperationException {
        Method getFD = channel.getClass().getMethod("getFD");
        getFD.setAccessible(true);
        return (FileDescriptor) getFD.invoke(channel);
    }
}
