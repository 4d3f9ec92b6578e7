package io.loopshift.agent;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.PoolCheck;
import io.loopshift.agent.connect.RouteTable;
import io.loopshift.agent.connect.RouteTableBuilder;
import io.loopshift.agent.connect.SelfTest;
import io.loopshift.agent.instrument.NetInstrumentation;
import io.loopshift.agent.jdk.JavaBaseAccess;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.List;

/**
 * The running agent: opens java.base, defines the hooks class there, instruments
 * {@code sun.nio.ch.Net}, plugs the router into the hook and proves with a self-test that a
 * connect reaches it. Any failure leaves the hook empty, so the JDK connects as if the agent
 * were absent: never half-applied.
 */
public final class AgentRuntime {
    private static volatile AgentRuntime current;

    private final ConnectRouter router;
    private final Field hookSlot;

    private AgentRuntime(ConnectRouter router, Field hookSlot) {
        this.router = router;
        this.hookSlot = hookSlot;
    }

    /** The running agent of this JVM, or null. */
    public static AgentRuntime current() {
        return current;
    }

    public ConnectRouter router() {
        return router;
    }

    static synchronized void start(AgentSettings settings, Instrumentation instrumentation) throws Exception {
        StartupClock clock = new StartupClock();
        List<Route> routes = PoolCheck.usableRoutes(settings.routes());
        RouteTable table = RouteTableBuilder.build(settings, routes);
        clock.lap("pool check");
        if (current != null) {
            current.router.replace(table);
            AgentLog.info("routes replaced: " + settings.summary());
            return;
        }
        JavaBaseAccess.open(instrumentation);
        NetCalls.verify();
        clock.lap("java.base access");
        Class<?> hooks = BootInjector.inject(JavaBaseAccess.privateLookup(NetInstrumentation.NET));
        clock.lap("hooks class");
        NetInstrumentation.install(instrumentation);
        clock.lap("retransform Net");
        ConnectRouter router = new ConnectRouter(table);
        Field slot = hooks.getField("connect");
        slot.set(null, router.asHandle());
        clock.lap("router");
        if (!SelfTest.hookReached(router)) {
            slot.set(null, (MethodHandle) null);
            throw new IllegalStateException("self-test: a connect to 127.0.0.1 did not reach the agent after instrumentation");
        }
        clock.lap("self-test");
        current = new AgentRuntime(router, slot);
        AgentLog.info("active on Java " + Runtime.version() + "; " + settings.summary());
        AgentLog.debug("start-up took " + clock);
    }

    /** Stops all rewriting: the hook goes empty and the JDK's own connect runs. */
    public void stop() throws IllegalAccessException {
        hookSlot.set(null, (MethodHandle) null);
    }
}
