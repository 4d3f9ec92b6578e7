package io.loopshift.agent.metrics;

import io.loopshift.agent.config.AddressPool;
import io.loopshift.agent.connect.ActiveRoute;
import io.loopshift.agent.connect.RouteMetrics;

import java.util.Map;

/** The MXBean of one route: reads its live counters. */
final class RouteStats implements RouteStatsMXBean {
    private final ActiveRoute route;

    RouteStats(ActiveRoute route) {
        this.route = route;
    }

    private RouteMetrics metrics() {
        return route.metrics();
    }

    @Override
    public String getRoute() {
        return route.route().text();
    }

    @Override
    public String getAction() {
        return route.route().action().kind();
    }

    @Override
    public long getMatched() {
        return metrics().matched();
    }

    @Override
    public long getRewritten() {
        return metrics().rewritten();
    }

    @Override
    public long getFallbacks() {
        return metrics().fallbacks();
    }

    @Override
    public long getUntouchedBound() {
        return metrics().untouchedBound();
    }

    @Override
    public long getSourceSkips() {
        return metrics().sourceSkips();
    }

    @Override
    public long getFailures() {
        return metrics().failures();
    }

    @Override
    public Map<String, Long> getFailuresByErrno() {
        return metrics().failuresByErrno();
    }

    @Override
    public int getRotationPosition() {
        return route.rotationPosition();
    }

    @Override
    public int getPoolSize() {
        AddressPool pool = route.route().action().pool();
        return pool == null ? 0 : pool.size();
    }
}
