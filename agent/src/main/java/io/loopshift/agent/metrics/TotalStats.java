package io.loopshift.agent.metrics;

import io.loopshift.agent.connect.ActiveRoute;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.netty.NettyTransport;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The MXBean summing every current route, with the agent's own handler failures and the counters of what routes share. */
final class TotalStats implements TotalStatsMXBean {
    private final ConnectRouter router;
    /** Answers null while no socket was redirected: the pool counters are 0 then. */
    private final Supplier<TcpSocketPool> pool;
    /** Null when Netty's transport is not covered. */
    private final NettyTransport netty;

    TotalStats(ConnectRouter router, Supplier<TcpSocketPool> pool, NettyTransport netty) {
        this.router = router;
        this.pool = pool;
        this.netty = netty;
    }

    @Override
    public int getTcpSocketPoolSize() {
        TcpSocketPool made = pool.get();
        return made == null ? 0 : made.size();
    }

    @Override
    public long getTcpSocketPoolReused() {
        TcpSocketPool made = pool.get();
        return made == null ? 0 : made.reused();
    }

    @Override
    public long getTcpSocketPoolDupFailures() {
        TcpSocketPool made = pool.get();
        return made == null ? 0 : made.dupFailures();
    }

    @Override
    public long getNettyConnectsWithoutBacklogRetries() {
        return netty == null ? 0 : netty.connectsWithoutBacklogRetries();
    }

    private interface Counter {
        long of(RouteMetrics metrics);
    }

    private long sum(Counter counter) {
        long total = 0;
        for (ActiveRoute route : router.table().routes()) {
            total += counter.of(route.metrics());
        }
        return total;
    }

    @Override
    public long getHandlerFailures() {
        return router.failures().count();
    }

    @Override
    public String getLastHandlerFailure() {
        return router.failures().last();
    }

    @Override
    public String getRoute() {
        return "all routes";
    }

    @Override
    public String getAction() {
        return "total";
    }

    @Override
    public long getMatched() {
        return sum(RouteMetrics::matched);
    }

    @Override
    public long getRewritten() {
        return sum(RouteMetrics::rewritten);
    }

    @Override
    public long getFallbacks() {
        return sum(RouteMetrics::fallbacks);
    }

    @Override
    public long getUntouchedBound() {
        return sum(RouteMetrics::untouchedBound);
    }

    @Override
    public long getSourceSkips() {
        return sum(RouteMetrics::sourceSkips);
    }

    @Override
    public long getFailures() {
        return sum(RouteMetrics::failures);
    }

    @Override
    public Map<String, Long> getFailuresByErrno() {
        Map<String, Long> total = new TreeMap<>();
        for (ActiveRoute route : router.table().routes()) {
            route.metrics().failuresByErrno().forEach((errno, count) -> total.merge(errno, count, Long::sum));
        }
        return total;
    }

    @Override
    public int getRotationPosition() {
        return -1;
    }

    @Override
    public int getPoolSize() {
        return 0;
    }
}
