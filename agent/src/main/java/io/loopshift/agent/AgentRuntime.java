package io.loopshift.agent;

import io.loopshift.agent.boot.BootInjector;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.LoadedSettings;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.connect.BoundedWait;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.HandlerFailures;
import io.loopshift.agent.connect.RouteTable;
import io.loopshift.agent.connect.RouteTableBuilder;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.instrument.WovenHooks;
import io.loopshift.agent.jdk.JavaBaseAccess;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.listen.ListenTable;
import io.loopshift.agent.log.AgentLog;
import io.loopshift.agent.log.LogLevel;
import io.loopshift.agent.metrics.AgentStatus;
import io.loopshift.agent.metrics.MetricsRegistry;
import io.loopshift.agent.metrics.SummaryPrinter;
import io.loopshift.agent.netty.NettyTransport;
import io.loopshift.agent.startup.AfterPremainCheck;
import io.loopshift.agent.startup.Ipv6PassThrough;
import io.loopshift.agent.startup.PoolCheck;
import io.loopshift.agent.startup.SelfTest;
import io.loopshift.agent.startup.UnixPathCheck;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running agent: opens java.base, defines the hooks class there, weaves the hooks into the
 * JDK's socket classes, plugs the router into them and proves with a self-test that a connect
 * reaches it. Any failure empties the hook slots, so the JDK works as if the agent were absent:
 * never half-applied.
 */
public final class AgentRuntime {
    private static volatile AgentRuntime current;
    /** The longest an attach or a stop waits for the check premain left to its thread. */
    private static final long AFTER_PREMAIN_WAIT_SECONDS = 30;

    private final ConnectRouter router;
    private final HookSlots slots;
    private final UnixSide unixSide = new UnixSide();
    /** Counted down when the check premain left to its thread is done; null without one (attach). */
    private volatile CountDownLatch afterPremain;
    private final WovenHooks woven;
    /** The unix: hooks' slots are filled when a unix: route or listen rule is first applied; the listen hooks' with the first listen rule. */
    private boolean unixHooksInstalled;
    private boolean listenHooksInstalled;
    private boolean stopped;
    private MetricsRegistry metrics;
    /** Null when Netty's transport could not be put under the routes (warned at start-up). */
    private NettyTransport netty;
    private SummaryPrinter summary;
    private final AgentStatus status = new AgentStatus(AgentRuntime.class.getPackage().getImplementationVersion());

    private AgentRuntime(Instrumentation instrumentation, ConnectRouter router, HookSlots slots) {
        this.woven = new WovenHooks(instrumentation);
        this.router = router;
        this.slots = slots;
    }

    /** The running agent of this JVM, or null. */
    public static AgentRuntime current() {
        return current;
    }

    public ConnectRouter router() {
        return router;
    }

    /** {@code beforeMain}: from premain, so no application socket exists yet. */
    static synchronized void start(LoadedSettings loaded, Instrumentation instrumentation, boolean beforeMain) throws Exception {
        AgentSettings settings = loaded.settings();
        String origins = loaded.describeOrigins();
        if (current != null) {
            current.replaceRoutes(loaded);
            return;
        }
        StartupClock clock = new StartupClock();
        JavaBaseAccess.open(instrumentation);
        clock.lap("java.base access");
        // From premain the pool check runs after it returns (AfterPremainCheck); routed connects wait for it. The warnings
        // come now: an application that exits at once (or connects where no route waits) must still see them.
        boolean checkRoutesLater = beforeMain && hasPoolRoutes(settings.routes());
        List<Route> routes = checkRoutesLater ? warnedAbout(settings.routes()) : checkedRoutes(settings);
        clock.lap("route check");
        // Nothing before the weave loads sun.nio.ch.Net, which an application usually has not loaded
        // yet either: it is then woven as it loads, which costs less than retransforming it.
        HookSlots slots = new HookSlots(BootInjector.inject(JavaBaseAccess.privateLookup(BootInjector.LOOKUP_ANCHOR)));
        slots.nativeCallsUntilWoven();
        HandlerFailures failures = slots.failures();
        clock.lap("hooks class");
        ConnectRouter router = new ConnectRouter(RouteTable.EMPTY, failures);
        if (beforeMain) {
            // The self-test and the lookups of the calls only a rewrite makes run after premain (AfterPremainCheck).
            router.holdRoutedConnectsUntilChecked();
        } else {
            lookUpRewriteCalls(settings);
        }
        AgentRuntime runtime = new AgentRuntime(instrumentation, router, slots);
        try {
            if (settings.hasListenRules()) {
                runtime.weaveListen();
            } else if (settings.hasUnixRoutes()) {
                runtime.woven.weaveUnix();
            } else {
                runtime.woven.weaveConnect();
            }
            NetCalls.verify();
            slots.nativeConnect(NetCalls.nativeConnect0());
            clock.lap("weave");
            runtime.apply(settings, routes);
            if (beforeMain && runtime.unixHooksInstalled) {
                runtime.unixSide.redirects().optionHookSawEverySocket();
            }
            clock.lap("routes");
            MethodHandle routerHandle = router.asHandle();
            if (beforeMain) {
                slots.connect(routerHandle);
            } else if (!SelfTest.hookReached(runtime.connectSlot(), routerHandle)) {
                throw new IllegalStateException(AfterPremainCheck.NOT_REACHED);
            }
            clock.lap(beforeMain ? "connect slot" : "self-test");
        } catch (Exception | Error failure) {
            slots.clear();
            String notUndone = runtime.woven.undo();
            if (notUndone != null) {
                AgentLog.debug("could not retransform the JDK's classes back after the failed start: " + notUndone);
            }
            throw failure;
        }
        runtime.netty = installNetty(instrumentation, router, runtime.unixSide, !beforeMain);
        clock.lap("netty");
        runtime.status.applied(settings, origins);
        current = runtime;
        if (beforeMain) {
            runtime.afterPremain = new CountDownLatch(1);
            new AfterPremainCheck(runtime.new AfterPremainSteps(settings, loaded.summary()), checkRoutesLater).start();
        } else {
            runtime.startReporting(loaded.summary());
        }
        AgentLog.info("active on Java " + System.getProperty("java.runtime.version") + "; " + settings.summary() + "; " + origins);
        AgentLog.debug("start-up took " + clock);
    }

    /** Netty is optional: a failure here leaves the JDK's sockets covered and says what is not. */
    private static NettyTransport installNetty(Instrumentation instrumentation, ConnectRouter router, UnixSide unixSide, boolean attached) {
        try {
            return NettyTransport.install(instrumentation, router, unixSide.redirectsOnFirstUse(), unixSide.listenOnFirstUse(), attached);
        } catch (RuntimeException | Error failure) {
            AgentLog.warn("Netty's native epoll transport is not covered (" + failure + "): its connects are not rewritten;"
                    + " -Dio.netty.transport.noNative=true moves Netty to its NIO transport, which is covered");
            return null;
        }
    }

    private static boolean hasPoolRoutes(List<Route> routes) {
        for (Route route : routes) {
            if (route.action().pool() != null) {
                return true;
            }
        }
        return false;
    }

    /** JMX and the summary line start once the agent is known to work. */
    private void startReporting(Duration summaryInterval) {
        metrics = MetricsRegistry.startLater(router, unixSide.listenIfMadeLater(), status, unixSide.poolIfMadeLater(), netty);
        summary = SummaryPrinter.startIfWanted(router, summaryInterval);
    }

    private SelfTest.ConnectSlot connectSlot() {
        // An anonymous class, not a method reference: its invokedynamic bootstrap costs premain time.
        return new SelfTest.ConnectSlot() {
            @Override
            public void set(MethodHandle handler) throws ReflectiveOperationException {
                slots.connect(handler);
            }
        };
    }

    /**
     * Waits (bounded) until the check premain left to its thread is done, so an attach or a stop
     * meets either a proven agent or none; at once when there is no such check.
     */
    static void awaitAfterPremainCheck() {
        AgentRuntime running = current;
        CountDownLatch check = running == null ? null : running.afterPremain;
        if (check == null) {
            return;
        }
        if (!BoundedWait.await(check, AFTER_PREMAIN_WAIT_SECONDS)) {
            AgentLog.warn("the start-up check is still running after " + AFTER_PREMAIN_WAIT_SECONDS + " s; this attach or stop goes on without it");
        }
    }

    /**
     * The checks premain leaves to a thread of its own ({@link AfterPremainCheck}): the self-test,
     * the lookups of the JDK calls only a rewrite makes, then (with pool routes) the route check,
     * which binds a few addresses of every pool and drops the routes whose pools do not exist,
     * unless the routes were replaced meanwhile. Until all are done, routed connects wait
     * ({@link ConnectRouter#holdRoutedConnectsUntilChecked}); connects no route matches never do.
     * One class for every step and the connect slot, since each class premain loads costs time.
     */
    private final class AfterPremainSteps implements AfterPremainCheck.Steps, SelfTest.ConnectSlot {
        private final AgentSettings settings;
        private final Duration summaryInterval;
        private final RouteTable unchecked = router.table();

        AfterPremainSteps(AgentSettings settings, Duration summaryInterval) {
            this.settings = settings;
            this.summaryInterval = summaryInterval;
        }

        @Override
        public void set(MethodHandle handler) throws ReflectiveOperationException {
            slots.connect(handler);
        }

        /** Like every step, privileged: the check runs with the agent's rights (AfterPremainCheck). */
        @Override
        public boolean selfTest() throws ReflectiveOperationException {
            return SelfTest.hookReached(this, router.asHandle());
        }

        @Override
        public void lookUpRewriteCalls() {
            AgentRuntime.lookUpRewriteCalls(settings);
        }

        @Override
        public void started() {
            startReporting(summaryInterval);
        }

        @Override
        public void startFailed(Throwable failure) throws ReflectiveOperationException {
            takeBackFailedStart(failure);
        }

        @Override
        public List<Route> checkRoutes() {
            return PoolCheck.usableRoutes(settings.routes());
        }

        @Override
        public void usableRoutes(List<Route> usable) throws Exception {
            if (usable.size() != settings.routes().size()) {
                dropUnusableRoutes(settings, usable, unchecked);
            }
        }

        @Override
        public void done() {
            router.routesChecked();
            afterPremain.countDown();
        }
    }

    /**
     * Looks up the JDK calls that a rewritten connect makes (and a redirect to a Unix socket).
     * From premain this runs after it returns, so a JDK whose internals differ stops the agent
     * then, before any connect was rewritten.
     */
    private static void lookUpRewriteCalls(AgentSettings settings) {
        NetCalls.verifyRewriteCalls();
        if (settings.hasUnixRoutes() || settings.hasListenRules()) {
            UnixRedirects.verifyJdkAccess();
        }
    }

    /**
     * The start failed after premain returned, before any connect was rewritten (routed connects
     * still wait): every slot is emptied and the JDK's classes are put back, so the JVM runs as
     * without the agent, and a later attach starts afresh.
     */
    private void takeBackFailedStart(Throwable failure) throws ReflectiveOperationException {
        synchronized (AgentRuntime.class) {
            router.replace(RouteTable.EMPTY);
            slots.clear();
            if (netty != null) {
                netty.uninstall();
            }
            String notUndone = woven.undo();
            if (notUndone != null) {
                AgentLog.debug("could not retransform the JDK's classes back after the failed start: " + notUndone);
            }
            status.stopped();
            if (current == this) {
                current = null;
            }
        }
        AgentLog.error("could not start: " + failure + " -- " + LoopshiftAgent.DISABLED);
        if (AgentLog.enabled(LogLevel.DEBUG)) {
            failure.printStackTrace();
        }
    }

    private synchronized void dropUnusableRoutes(AgentSettings settings, List<Route> usable, RouteTable unchecked) throws Exception {
        if (router.table() == unchecked) {
            router.replace(RouteTableBuilder.build(settings, usable, unixSide));
            if (metrics != null) {
                metrics.routesReplaced();
            }
        }
    }

    private static List<Route> checkedRoutes(AgentSettings settings) {
        return warnedAbout(PoolCheck.usableRoutes(settings.routes()));
    }

    /** Warns about Unix sockets not there yet and about localhost routes that leave ::1 alone. */
    private static List<Route> warnedAbout(List<Route> routes) {
        UnixPathCheck.warnAboutMissingSockets(routes);
        Ipv6PassThrough.warnAboutLocalhostRoutes(routes);
        return routes;
    }

    /** Builds the route table (weaving the unix: hooks the first time one is needed) and makes it live. */
    private void apply(AgentSettings settings, List<Route> routes) throws Exception {
        boolean listen = settings.hasListenRules();
        if (listen && !woven.listenWoven()) {
            weaveListen();
        }
        if ((settings.hasUnixRoutes() || listen) && !unixHooksInstalled) {
            if (!woven.unixWoven()) {
                woven.weaveUnix();
            }
            slots.unix(unixSide.redirects(), router);
            unixHooksInstalled = true;
        }
        if (listen && !listenHooksInstalled) {
            slots.listen(unixSide.listen());
            listenHooksInstalled = true;
        }
        router.replace(RouteTableBuilder.build(settings, routes, unixSide));
        ListenRouter listenRouter = listenHooksInstalled ? unixSide.listen() : unixSide.listenIfMade();
        if (listenRouter != null) {
            listenRouter.replace(ListenTable.of(settings.listenRules()), settings.listenMode());
        }
    }

    /** The listen hooks, woven once the JDK calls they make are found; they include a redirect's. */
    private void weaveListen() throws Exception {
        UnixRedirects.verifyJdkAccess();
        ListenRouter.verifyJdkAccess();
        NetCalls.verifyListenCalls();
        slots.nativeListen();
        woven.weaveListen();
    }

    /**
     * Replaces every route at once (a second attach); connects already under way finish under
     * the old ones. After {@link #stop()} this starts rewriting again.
     */
    synchronized void replaceRoutes(LoadedSettings loaded) throws Exception {
        AgentSettings settings = loaded.settings();
        String origins = loaded.describeOrigins();
        lookUpRewriteCalls(settings);
        apply(settings, checkedRoutes(settings));
        UnixRedirects redirects = unixSide.redirectsIfMade();
        if (redirects != null) {
            redirects.routesReplaced();
        }
        if (stopped) {
            if (redirects != null) {
                redirects.keepSocketsAgain();
            }
            slots.connect(router.asHandle());
            if (netty != null) {
                netty.startRewriting();
            }
            if (unixHooksInstalled) {
                slots.unix(unixSide.redirects(), router);
            }
            if (listenHooksInstalled) {
                slots.listen(unixSide.listen());
            }
            stopped = false;
        }
        status.applied(settings, origins);
        if (metrics != null) {
            metrics.routesReplaced();
        }
        if (summary != null) {
            summary.interval(loaded.summary()); // null ends its thread
        }
        if (loaded.summary() == null) {
            summary = null;
        } else if (summary == null) {
            summary = SummaryPrinter.startIfWanted(router, loaded.summary());
        }
        AgentLog.info("routes replaced: " + settings.summary() + "; " + origins);
    }

    /**
     * Stops all rewriting (detach, or {@code loopshift.enabled=false} on attach): the hook slots
     * go empty and the JDK's own code runs. Sockets already redirected keep their answers.
     */
    public synchronized void stop() throws ReflectiveOperationException {
        slots.stopRewriting();
        stopKeepingSockets();
        if (netty != null) {
            netty.stopRewriting();
        }
        stopped = true;
        status.stopped();
        AgentLog.warn("stopped: connects are no longer rewritten (detach or loopshift.enabled=false)");
    }

    private void stopKeepingSockets() {
        UnixRedirects redirects = unixSide.redirectsIfMade();
        if (redirects != null) {
            redirects.stopKeepingSockets();
        }
    }
}
