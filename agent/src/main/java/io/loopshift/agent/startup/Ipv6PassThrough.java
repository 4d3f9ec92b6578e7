package io.loopshift.agent.startup;

import io.loopshift.agent.config.Action;
import io.loopshift.agent.config.Route;
import io.loopshift.agent.log.AgentLog;

import java.util.List;

/**
 * Says once, when routes are applied, that a {@code localhost} route with an IPv4 pool leaves
 * connects to ::1 alone: {@code localhost} matches ::1 too, but rotating it onto 127.x would
 * connect somewhere else than the application asked (a server on ::1 is a different socket).
 * Said for {@code dest:}, where it is least expected; {@code source:} documents it already.
 */
public final class Ipv6PassThrough {
    private Ipv6PassThrough() {
    }

    public static void warnAboutLocalhostRoutes(List<Route> routes) {
        for (Route route : routes) {
            if (route.host().ipv6Loopback() && route.host().coversIpv4() && route.action() instanceof Action.Dest) {
                AgentLog.warn(route.name() + ": connects to [::1] are not rotated (the pool is IPv4, and a server on ::1 is not the one on 127.x);"
                        + " they go to a later route, or to ::1 unchanged. Match 127.0.0.0/8 instead of localhost to silence this.");
            }
        }
    }
}
