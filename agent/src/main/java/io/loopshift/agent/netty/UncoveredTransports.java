package io.loopshift.agent.netty;

import io.loopshift.agent.connect.ActiveRoute;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.log.AgentLog;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says, once per transport, that a Netty transport whose connects the agent does not rewrite
 * (io_uring, kqueue) connects to a destination a route matches, and how to move the application
 * to a covered one. Connects no route matches stay silent.
 */
final class UncoveredTransports {
    private final ConnectRouter router;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    UncoveredTransports(ConnectRouter router) {
        this.router = router;
    }

    void warnIfRouted(Object nettyObject, InetSocketAddress remote) {
        ActiveRoute route = router.table().match(remote.getAddress(), remote.getPort());
        if (route == null) {
            return;
        }
        String className = nettyObject.getClass().getName();
        String transport = transportOf(className);
        if (!warned.add(transport)) {
            return;
        }
        AgentLog.warn("Netty's " + transport + " transport (" + className + ") connects to " + remote.getAddress().getHostAddress() + ":"
                + remote.getPort() + ", which " + route.name() + " matches, but its connects are not rewritten (only Netty's epoll"
                + " transport and the JDK's sockets are). Use the epoll transport, or set " + nativeSwitch(className)
                + " to move Netty to its NIO transport. Warned once.");
    }

    /** The transport a Netty class belongs to, by its package: epoll, io_uring, kqueue (else the class name). */
    static String transportOf(String className) {
        return className.contains(".epoll.") ? "epoll" : className.contains(".uring.") ? "io_uring" : className.contains(".kqueue.") ? "kqueue" : className;
    }

    /** Netty's switch to its NIO transport, under the relocation prefix of the Netty this class belongs to. */
    static String nativeSwitch(String className) {
        int at = className.indexOf("io.netty.channel.");
        String prefix = at > 0 ? className.substring(0, at) : "";
        return "-D" + prefix + "io.netty.transport.noNative=true";
    }
}
