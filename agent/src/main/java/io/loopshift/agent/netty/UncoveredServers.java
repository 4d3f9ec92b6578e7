package io.loopshift.agent.netty;

import io.loopshift.agent.listen.ActiveListenRule;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.log.AgentLog;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Netty's native server sockets ({@code EpollServerSocketChannel}, and io_uring's and kqueue's,
 * which share Netty's {@code Socket.listen}) are not moved by {@code loopshift.listen}: their
 * accept is a JNI call that answers Netty's own address format, which the agent does not answer
 * for. When a listen rule matches such a server, it stays on TCP, the rule counts it
 * ({@code NotCovered} in JMX), and one WARN per transport says so and how to move the server to
 * Netty's NIO transport, which the rules cover. Servers no rule matches stay silent.
 */
final class UncoveredServers {
    private static final MethodType LOCAL_ADDRESS = MethodType.methodType(InetSocketAddress.class);
    private static final ClassValue<MethodHandle> BOUND_ADDRESS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "localAddress", LOCAL_ADDRESS)
                        .asType(MethodType.methodType(InetSocketAddress.class, Object.class));
            } catch (ReflectiveOperationException notNetty) {
                throw new IllegalStateException(type.getName() + " has no public localAddress(): not a Netty socket", notNetty);
            }
        }
    };

    private final ListenRouter listen;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    UncoveredServers(ListenRouter listen) {
        this.listen = listen;
    }

    /** {@code (Object)void}: a Netty server socket, bound, about to listen. */
    public void listening(Object socket) throws Throwable {
        if (listen.table().rules().isEmpty()) {
            return;
        }
        // Netty's getsockname answers null for an AF_UNIX socket (EpollServerDomainSocketChannel), which no rule is about.
        InetSocketAddress bound = (InetSocketAddress) BOUND_ADDRESS.get(socket.getClass()).invokeExact(socket);
        if (bound == null) {
            return;
        }
        ActiveListenRule rule = listen.ruleFor(bound.getAddress(), bound.getPort());
        if (rule == null) {
            return;
        }
        rule.metrics().countNotCovered();
        String className = socket.getClass().getName();
        String transport = UncoveredTransports.transportOf(className);
        if (!warned.add(transport)) {
            return;
        }
        AgentLog.warn("Netty's " + transport + " transport (" + className + ") listens on " + bound.getAddress().getHostAddress() + ":" + bound.getPort()
                + ", which " + rule.name() + " matches, but loopshift.listen does not move Netty's native server sockets: it stays on TCP."
                + " Set " + UncoveredTransports.nativeSwitch(className) + " to move Netty to its NIO transport, which loopshift.listen covers. Warned once.");
    }

    MethodHandle handle() throws ReflectiveOperationException {
        return MethodHandles.lookup().findVirtual(UncoveredServers.class, "listening", MethodType.methodType(void.class, Object.class)).bindTo(this);
    }
}
