package io.loopshift.agent.connect.unix;

import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.jdk.UnixCalls;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Connects waiting for a full Unix backlog, made with real descriptors as the Unix connector makes them, for tests of a deferral. */
public final class PendingConnects {
    public static final String PATH = "/nonexistent/loopshift-pending.sock";

    private PendingConnects() {
    }

    /**
     * Puts the placeholder under the TCP socket {@code number} and hands the connect to {@code deferral}, counting in
     * {@code metrics}; the retries' connects to {@link #PATH} fail as unavailable ({@code loopshift.fallback=fail}).
     */
    public static PendingUnixConnect waiting(int number, Object owner, BacklogDeferral deferral, RouteMetrics metrics) throws IOException {
        return waiting(number, owner, deferral, metrics, new RedirectTable(), UnixCalls.socket());
    }

    static PendingUnixConnect waiting(int number, Object owner, BacklogDeferral deferral, RouteMetrics metrics, RedirectTable table,
                                      FileDescriptor unix) throws IOException {
        UnixConnector connector = new UnixConnector(PATH, Fallback.FAIL, metrics, "route #1 (127.0.0.1:9->unix:" + PATH + ")", table,
                new OptionsBeforeConnect(), new TcpSocketPool(), StandardCharsets.UTF_8, () -> deferral);
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        return PendingUnixConnect.start(connector, deferral, java.net.StandardProtocolFamily.INET6, number, remote.getAddress(), 9, PATH,
                PATH.getBytes(StandardCharsets.UTF_8), unix, owner, new RedirectedSocket(owner, remote, remote, Map.of()), table, false);
    }
}
