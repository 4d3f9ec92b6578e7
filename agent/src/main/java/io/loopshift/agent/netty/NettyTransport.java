package io.loopshift.agent.netty;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.instrument.NettyInstrumentation;
import io.loopshift.agent.jdk.JavaBaseAccess;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.log.AgentLog;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Supplier;

/**
 * Puts Netty's epoll transport under the routes. At start-up only the transformer is registered;
 * the Netty hooks class is defined in the boot loader and its slots filled the first time a Netty
 * class is seen, so a JVM without Netty pays nothing more. The slot that starts rewrites is
 * emptied by {@link #stopRewriting()}; the address and option answers stay, as sockets already
 * redirected still need them.
 */
public final class NettyTransport implements NettyInstrumentation.HooksClass {
    private final Instrumentation instrumentation;
    private final ConnectRouter router;
    private final Supplier<UnixRedirects> unix;
    private final Supplier<ListenRouter> listen;
    /** Made with the hooks class, so a JVM without Netty never makes the Unix side for it. */
    private NettyConnects connects;
    /** Made with the hooks class too: a JVM without Netty never loads it. Volatile for the JMX counters. */
    private volatile NettyBacklogRetries backlogRetries;
    /** The JDK hooks' failure recorder, so a Netty handler's bug is counted, logged and exposed like any other. */
    private final MethodHandle failureSink;
    private Class<?> hooks;
    private ClassFileTransformer transformer;
    private MethodHandle fill;
    private boolean failed;
    private boolean rewriting = true;

    private NettyTransport(Instrumentation instrumentation, ConnectRouter router, Supplier<UnixRedirects> unix, Supplier<ListenRouter> listen,
                           MethodHandle failureSink) {
        this.instrumentation = instrumentation;
        this.router = router;
        this.unix = unix;
        this.listen = listen;
        this.failureSink = failureSink;
    }

    /**
     * @param classesMayBeLoaded true when the agent is attached to a running JVM, where Netty's
     *                           classes may already be loaded and need retransforming
     */
    public static NettyTransport install(Instrumentation instrumentation, ConnectRouter router, Supplier<UnixRedirects> unix,
                                         Supplier<ListenRouter> listen, boolean classesMayBeLoaded) {
        MethodHandle failureSink = router.failures().recordHandle();
        NettyTransport transport = new NettyTransport(instrumentation, router, unix, listen, failureSink);
        transport.transformer = NettyInstrumentation.install(instrumentation, classesMayBeLoaded, transport);
        return transport;
    }

    /** Defines the hooks class and fills its slots, once; false (warned once) when that failed. */
    @Override
    public synchronized boolean ready() {
        if (hooks != null || failed) {
            return hooks != null;
        }
        try {
            UnixRedirects redirects = unix.get();
            NettyBacklogRetries retries = new NettyBacklogRetries(failureSink);
            connects = new NettyConnects(router, redirects.answers(), retries);
            UncoveredServers servers = new UncoveredServers(listen.get());
            redirects.deferBacklogsTo(retries);
            backlogRetries = retries;
            Class<?> defined = BootInjector.injectNettyHooks(JavaBaseAccess.classLoaderLookup(instrumentation));
            set(defined, "localAddress", connects.localAddressHandle());
            set(defined, "remoteAddress", connects.remoteAddressHandle());
            set(defined, "finishConnect", connects.finishConnectHandle());
            set(defined, "listen", servers.handle());
            set(defined, "uncovered", connects.uncoveredHandle());
            set(defined, "setOption", connects.setOptionHandle());
            set(defined, "getOption", connects.getOptionHandle());
            set(defined, "failureSink", failureSink);
            set(defined, "connect", rewriting ? connects.connectHandle() : null);
            hooks = defined;
            return true;
        } catch (Exception | Error failure) {
            failed = true;
            AgentLog.warn("Netty's native epoll transport is not covered (" + failure + "): its connects are not rewritten;"
                    + " -Dio.netty.transport.noNative=true moves Netty to its NIO transport, which is covered");
            return false;
        }
    }

    /** Netty connects on a {@code unix:} route whose full backlog could not be retried on the event loop (their Netty has no ThreadExecutorMap). */
    public long connectsWithoutBacklogRetries() {
        NettyBacklogRetries retries = backlogRetries;
        return retries == null ? 0 : retries.connectsWithoutRetries();
    }

    public synchronized void startRewriting() throws ReflectiveOperationException {
        rewriting = true;
        if (hooks != null) {
            set(hooks, "connect", connects.connectHandle());
        }
    }

    /**
     * A failed start: the transformer goes, so a later start registers its own without weaving
     * Netty twice; classes it wove keep hooks whose connect slot is empty.
     */
    public synchronized void uninstall() throws ReflectiveOperationException {
        instrumentation.removeTransformer(transformer);
        stopRewriting();
    }

    public synchronized void stopRewriting() throws ReflectiveOperationException {
        rewriting = false;
        if (hooks != null) {
            set(hooks, "connect", null);
        }
    }

    /** Through the hooks class's {@code fill}, not {@code Field.set}: since JDK 18 the first reflective field access costs milliseconds. */
    private void set(Class<?> hooks, String slot, MethodHandle handler) throws ReflectiveOperationException {
        if (fill == null) {
            fill = MethodHandles.lookup().findStatic(hooks, "fill", MethodType.methodType(void.class, String.class, MethodHandle.class));
        }
        try {
            fill.invokeExact(slot, handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
