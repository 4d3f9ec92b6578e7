package io.loopshift.agent.listen;

import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.jdk.UnixCalls;
import io.loopshift.agent.log.AgentLog;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of the listening hooks: a server bind that a listen rule takes goes to a Unix
 * socket ({@link UnixListenerBinder}); an accept on such a listener takes the connection from
 * the Unix socket and gives it loopback TCP addresses; its close removes the socket file.
 * Everything else returns "not handled" and the JDK's own code runs.
 */
public final class ListenRouter {
    /** IOStatus.UNAVAILABLE, for the accept that cannot return 0 ("not handled" to the hooks class). */
    private static final int UNAVAILABLE = -2;

    private volatile ListenTable table = ListenTable.EMPTY;
    private volatile int mode;
    private final Listeners listeners = new Listeners();
    /** Made on first use: reading the port range and sizing its table is start-up time a JVM without listen rules never needs. */
    private volatile PeerPorts peerPorts;
    private final UnixRedirects redirects;
    private final UnixListenerBinder binder;
    private boolean cleanupRegistered;

    public ListenRouter(UnixRedirects redirects, Charset pathCharset) {
        this.redirects = redirects;
        this.binder = new UnixListenerBinder(listeners, redirects, pathCharset);
    }

    private PeerPorts peerPorts() {
        PeerPorts ports = peerPorts;
        if (ports == null) {
            synchronized (this) {
                ports = peerPorts;
                if (ports == null) {
                    ports = PeerPorts.ofThisHost();
                    peerPorts = ports;
                }
            }
        }
        return ports;
    }

    /** Fails at start-up, not on a bind, when a JDK internal the listening side needs is missing. */
    public static void verifyJdkAccess() {
        UnixRedirects.verifyJdkAccess();
        ServerOwners.verify();
    }

    public ListenTable table() {
        return table;
    }

    /** Replaces the rules for binds to come; servers already listening keep their sockets. */
    public void replace(ListenTable newTable, int newMode) {
        mode = newMode;
        table = newTable;
    }

    /** The rule a server bind to this address and port would take, or null: for transports the hooks do not cover, to say so. */
    public ActiveListenRule ruleFor(InetAddress address, int port) {
        return address == null ? null : table.match(address, port);
    }

    /** {@code (Object, ProtocolFamily, FileDescriptor, InetAddress, int)boolean}: true when the bind was carried out on a Unix socket. */
    public boolean onBind(Object owner, ProtocolFamily family, FileDescriptor fd, InetAddress address, int port) throws Throwable {
        if (address == null || !ServerOwners.isServer(owner)) {
            return false;
        }
        ActiveListenRule rule = table.match(address, port);
        if (rule == null) {
            return false;
        }
        try {
            binder.bind(rule, family, fd, address, port, mode);
        } catch (IOException | RuntimeException | Error failure) {
            rule.metrics().bindFailures.increment();
            AgentLog.warn(rule.name() + ": " + failure.getMessage());
            throw failure;
        }
        rule.metrics().bound.increment();
        UnixRedirects.reregister(owner);
        removeFilesAtExit();
        return true;
    }

    /** {@code (FileDescriptor, FileDescriptor, InetSocketAddress[])int}: 0 for a listener that is not the agent's. */
    public int onAccept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] peerAddress) throws IOException {
        Listener listener = listeners.find(fd);
        if (listener == null) {
            return 0;
        }
        ListenMetrics metrics = listener.rule().metrics();
        int accepted;
        try {
            accepted = UnixCalls.accept(fd, newfd, new Object[1]);
        } catch (IOException failure) {
            metrics.acceptFailures.increment();
            throw failure;
        }
        if (accepted <= 0) {
            return accepted == 0 ? UNAVAILABLE : accepted;
        }
        int port = peerPorts().assign(newfd, metrics);
        redirects.register(newfd, listener.acceptedLocal(), Map.of());
        peerAddress[0] = new InetSocketAddress(listener.peer(), port);
        metrics.accepted.increment();
        return accepted;
    }

    /** {@code (FileDescriptor)void}: a socket is about to be closed; a listener's file goes with it. */
    public void onClosing(FileDescriptor fd) {
        peerPorts().closing(fd);
        Listener listener = listeners.remove(fd);
        if (listener != null) {
            boolean removed = listener.file().removeIfOurs();
            AgentLog.debug(listener.rule().name() + ": server socket closed; " + listener.path()
                    + (removed ? " removed" : " left alone (replaced by another server meanwhile)"));
        }
    }

    /** The Unix sockets the agent listens on now, for JMX and the log. */
    public List<String> listeningPaths(ActiveListenRule rule) {
        return listeners.all().stream().filter(l -> l.rule() == rule).map(Listener::path).toList();
    }

    public long openConnections(ActiveListenRule rule) {
        return peerPorts().openFor(rule.metrics());
    }

    /**
     * A JVM that exits without closing its server sockets would leave their files behind; they
     * would be replaced as stale by the next start, but an operator should not find them.
     */
    private synchronized void removeFilesAtExit() {
        if (cleanupRegistered) {
            return;
        }
        cleanupRegistered = true;
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Listener listener : listeners.all()) {
                    listener.file().removeIfOurs();
                }
            }, "loopshift-socket-files"));
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting already: the files will be replaced as stale by the next start.
        }
    }

    public MethodHandle bindHandle() throws ReflectiveOperationException {
        return handle("onBind", MethodType.methodType(boolean.class, Object.class, ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class));
    }

    public MethodHandle acceptHandle() throws ReflectiveOperationException {
        return handle("onAccept", MethodType.methodType(int.class, FileDescriptor.class, FileDescriptor.class, InetSocketAddress[].class));
    }

    public MethodHandle closingHandle() throws ReflectiveOperationException {
        return handle("onClosing", MethodType.methodType(void.class, FileDescriptor.class));
    }

    private MethodHandle handle(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(ListenRouter.class, name, type).bindTo(this);
    }
}
