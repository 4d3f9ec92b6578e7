package io.loopshift.agent.listen;

import io.loopshift.agent.config.PortPlaceholder;
import io.loopshift.agent.connect.unix.LoopbackAnswers;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.jdk.DescriptorFlags;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.AgentLog;
import io.loopshift.agent.config.FileMode;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * Carries out a matching server bind on a Unix socket, on the binding thread, inside the JDK's
 * bind (its locks held):
 * <ol>
 * <li>for port 0, choose the port as the kernel would ({@link EphemeralPorts});
 * <li>bind a new AF_UNIX socket to the rule's path for that port, replacing a stale file and
 *     refusing a live one ({@link SocketFile}), and give the file its mode;
 * <li>give it the TCP socket's blocking mode and SO_REUSEADDR, and read the TCP-only options
 *     set so far;
 * <li>dup2 it onto the TCP socket's number: the JDK's server socket now holds the Unix socket,
 *     and the TCP socket, never bound, is gone. The JDK's own {@code listen} follows.
 * </ol>
 * An ephemeral bind whose path is taken tries another port, up to {@value #EPHEMERAL_ATTEMPTS}
 * times; a fixed port whose path is taken fails with a BindException naming the path.
 */
final class UnixListenerBinder {
    static final int EPHEMERAL_ATTEMPTS = 8;

    private final Listeners listeners;
    private final UnixRedirects redirects;
    private final Charset pathCharset;

    UnixListenerBinder(Listeners listeners, UnixRedirects redirects, Charset pathCharset) {
        this.listeners = listeners;
        this.redirects = redirects;
        this.pathCharset = pathCharset;
    }

    Listener bind(ActiveListenRule rule, ProtocolFamily family, FileDescriptor fd, InetAddress address, int requestedPort, int mode) throws IOException {
        ProtocolFamily asked = family == null ? NetCalls.unspec() : family;
        boolean ephemeral = requestedPort == 0;
        int number = UnixCalls.fdVal(fd);
        boolean nonBlocking = DescriptorFlags.isNonBlocking(number);
        boolean reuseAddress = NetCalls.reuseAddress(fd);
        Map<SocketOption<?>, Object> tcpOptions = UnixRedirects.tcpOptionsOf(fd, asked);
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = !ephemeral || attempt >= EPHEMERAL_ATTEMPTS;
            int port = ephemeral ? EphemeralPorts.choose(asked, address) : requestedPort;
            String path = PortPlaceholder.expand(rule.rule().path(), port);
            Listener sameJvm = listeners.onPath(path);
            if (sameJvm != null) {
                if (lastAttempt) {
                    throw new BindException("Address already in use: Unix socket " + path + " of " + rule.name()
                            + " is already where this JVM's server socket on " + describe(sameJvm.local()) + " listens");
                }
                continue;
            }
            FileDescriptor unix = UnixCalls.socket();
            SocketFile file = null;
            try {
                file = SocketFile.bind(unix, path, path.getBytes(pathCharset), mode, rule.name());
                if (nonBlocking) {
                    UnixCalls.configureBlocking(unix, false);
                }
                if (reuseAddress) {
                    NetCalls.setReuseAddress(unix, true);
                }
                UnixCalls.moveOnto(unix, number);
            } catch (SocketFile.InUseException inUse) {
                UnixCalls.closeQuietly(unix);
                if (lastAttempt) {
                    throw inUse;
                }
                continue;
            } catch (IOException | RuntimeException | Error failure) {
                if (file != null) {
                    file.removeIfOurs();
                }
                UnixCalls.closeQuietly(unix);
                throw failure;
            }
            Listener listener = listenerFor(fd, rule, file, address, port);
            redirects.register(fd, listener.local(), tcpOptions);
            listeners.add(listener);
            AgentLog.info(rule.name() + ": the server socket on " + describe(listener.local()) + " listens on Unix socket " + path
                    + " (mode " + FileMode.format(mode) + ") instead of TCP");
            return listener;
        }
    }

    private static Listener listenerFor(FileDescriptor fd, ActiveListenRule rule, SocketFile file, InetAddress address, int port) {
        InetAddress peer = address instanceof Inet6Address && address.isLoopbackAddress() ? LoopbackAnswers.IPV6 : LoopbackAnswers.IPV4;
        InetSocketAddress local = new InetSocketAddress(address, port);
        InetSocketAddress acceptedLocal = address.isAnyLocalAddress() ? new InetSocketAddress(peer, port) : local;
        return new Listener(fd, rule, file, local, acceptedLocal, peer);
    }

    static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
