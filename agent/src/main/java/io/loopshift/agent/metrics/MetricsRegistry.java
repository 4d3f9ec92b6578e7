package io.loopshift.agent.metrics;

import io.loopshift.agent.connect.ActiveRoute;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.RouteTable;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.listen.ActiveListenRule;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.log.AgentLog;
import io.loopshift.agent.netty.NettyTransport;

import io.loopshift.agent.security.Privileged;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Registers the route counters as MXBeans in the platform MBean server, under the
 * {@code loopshift} domain, from a daemon thread a moment after start-up: creating the platform
 * MBean server initialises java.util.logging and JMX, which must not happen inside premain,
 * before the application's main has configured them (application servers set their own
 * {@code java.util.logging.manager}).
 */
public final class MetricsRegistry {
    public static final String DOMAIN = "loopshift";
    static final long DELAY_MILLIS = 2000;

    private final ConnectRouter router;
    /** Null while no listen rule was applied. */
    private final Supplier<ListenRouter> listenRouter;
    private final AgentStatus status;
    private final Supplier<TcpSocketPool> pool;
    private final NettyTransport netty;
    private RouteTable registered;

    private MetricsRegistry(ConnectRouter router, Supplier<ListenRouter> listenRouter, AgentStatus status, Supplier<TcpSocketPool> pool,
                            NettyTransport netty) {
        this.router = router;
        this.listenRouter = listenRouter;
        this.status = status;
        this.pool = pool;
        this.netty = netty;
    }

    /**
     * Starts the daemon thread that registers the MXBeans after {@value #DELAY_MILLIS} ms.
     *
     * @param listenRouter answers null while no listen rule was applied
     * @param pool         answers null while no socket was redirected
     * @param netty        null when Netty's transport is not covered
     */
    public static MetricsRegistry startLater(ConnectRouter router, Supplier<ListenRouter> listenRouter, AgentStatus status, Supplier<TcpSocketPool> pool,
                                             NettyTransport netty) {
        MetricsRegistry registry = new MetricsRegistry(router, listenRouter, status, pool, netty);
        // An anonymous class, not a lambda: a lambda's invokedynamic bootstrap costs premain time.
        Thread registrar = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
                    registry.refresh();
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "loopshift-jmx");
        registrar.setDaemon(true);
        registrar.start();
        return registry;
    }

    /** Re-registers after the routes were replaced; a no-op before the first registration. */
    public synchronized void routesReplaced() {
        if (registered != null) {
            refresh();
        }
    }

    private synchronized void refresh() {
        try {
            // The registrar thread inherits the context of whoever started the agent, and the
            // application may have installed a SecurityManager since: register with the agent's rights.
            Privileged.run(new PrivilegedExceptionAction<Void>() {
                @Override
                public Void run() throws Exception {
                    register();
                    return null;
                }
            });
        } catch (Exception | LinkageError failure) {
            AgentLog.warn("could not register the JMX counters: " + failure);
        }
    }

    private void register() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (String type : new String[] {"Route", "Listen"}) {
            for (ObjectName old : server.queryNames(new ObjectName(DOMAIN + ":type=" + type + ",*"), null)) {
                server.unregisterMBean(old);
            }
        }
        ListenRouter listen = listenRouter.get();
        if (listen != null) {
            for (ActiveListenRule rule : listen.table().rules()) {
                server.registerMBean(new ListenStats(rule, listen), new ObjectName(DOMAIN + ":type=Listen,name=" + rule.rule().index()));
            }
        }
        RouteTable table = router.table();
        for (ActiveRoute route : table.routes()) {
            server.registerMBean(new RouteStats(route), routeName(route.route().index()));
        }
        ObjectName total = new ObjectName(DOMAIN + ":type=Total");
        if (!server.isRegistered(total)) {
            server.registerMBean(new TotalStats(router, pool, netty), total);
        }
        ObjectName agent = new ObjectName(DOMAIN + ":type=Agent");
        if (!server.isRegistered(agent)) {
            server.registerMBean(status, agent);
        }
        registered = table;
    }

    public static ObjectName routeName(int index) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Route,name=" + index);
    }
}
