package io.loopshift.agent.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Proves after installation that a real connect reaches the agent: a SocketChannel connects to
 * 127.0.0.1 while the router is armed for this thread; the router ends that connect before any
 * system call. If the hook did not take, the connect really happens (to port 1, normally refused)
 * and the test reports failure.
 */
public final class SelfTest {
    private SelfTest() {
    }

    public static boolean hookReached(ConnectRouter router) {
        router.armProbe();
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        } catch (IOException expected) {
            // The router's own exception, or a refusal when the hook is missing.
        } finally {
            router.disarmProbe();
        }
        return router.probeReachedSinceArmed();
    }
}
