package io.loopshift.agent.netty;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.UnixRedirects;
import io.loopshift.agent.instrument.NettyInstrumentation;
import io.loopshift.agent.jdk.JavaBaseAccess;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;

/**
 * Puts Netty's epoll transport under the routes: defines the Netty hooks class in the boot
 * loader, fills its slots and weaves Netty's Socket class wherever it is loaded. The slot that
 * starts rewrites is emptied by {@link #stopRewriting()}; the address answers stay, as sockets
 * already redirected still need them.
 */
public final class NettyTransport {
    private final Class<?> hooks;
    private final NettyConnects connects;

    private NettyTransport(Class<?> hooks, NettyConnects connects) {
        this.hooks = hooks;
        this.connects = connects;
    }

    /**
     * @param classesMayBeLoaded true when the agent is attached to a running JVM, where Netty's
     *                           classes may already be loaded and need retransforming
     */
    public static NettyTransport install(Instrumentation instrumentation, ConnectRouter router, UnixRedirects unix, boolean classesMayBeLoaded) throws Exception {
        Class<?> hooks = BootInjector.injectNettyHooks(JavaBaseAccess.classLoaderLookup(instrumentation));
        NettyConnects connects = new NettyConnects(router, unix.answers());
        NettyTransport transport = new NettyTransport(hooks, connects);
        transport.set("localAddress", connects.localAddressHandle());
        transport.set("remoteAddress", connects.remoteAddressHandle());
        transport.set("uncovered", connects.uncoveredHandle());
        transport.set("setOption", connects.setOptionHandle());
        transport.set("getOption", connects.getOptionHandle());
        transport.startRewriting();
        NettyInstrumentation.install(instrumentation, classesMayBeLoaded);
        return transport;
    }

    public void startRewriting() throws ReflectiveOperationException {
        set("connect", connects.connectHandle());
    }

    public void stopRewriting() throws ReflectiveOperationException {
        set("connect", null);
    }

    private void set(String slot, MethodHandle handler) throws ReflectiveOperationException {
        hooks.getField(slot).set(null, handler);
    }
}
