package io.loopshift.agent;

import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.connect.RouteConnector;
import io.loopshift.agent.connect.RouteMetrics;
import io.loopshift.agent.connect.UnixRouteConnectors;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import io.loopshift.agent.listen.ListenRouter;

import java.util.function.Supplier;

/**
 * The redirects to Unix sockets and the listen router, made the first time a {@code unix:} route,
 * a listen rule or Netty's transport needs them: with {@code source:}/{@code dest:} routes only,
 * their classes are never loaded, which premain would otherwise pay for.
 */
final class UnixSide implements UnixRouteConnectors {
    private UnixRedirects redirects;
    private ListenRouter listen;

    synchronized UnixRedirects redirects() {
        if (redirects == null) {
            redirects = new UnixRedirects();
        }
        return redirects;
    }

    synchronized ListenRouter listen() {
        if (listen == null) {
            listen = new ListenRouter(redirects(), UnixRedirects.jnuCharset());
        }
        return listen;
    }

    /** Null until made: nothing was redirected, so there is nothing to drain, stop or count. */
    synchronized UnixRedirects redirectsIfMade() {
        return redirects;
    }

    synchronized ListenRouter listenIfMade() {
        return listen;
    }

    @Override
    public RouteConnector connector(String path, Fallback fallback, RouteMetrics metrics, String routeName) {
        return redirects().connector(path, fallback, metrics, routeName);
    }

    // Anonymous classes, not lambdas: a lambda's invokedynamic bootstrap costs premain time.

    Supplier<UnixRedirects> redirectsOnFirstUse() {
        return new Supplier<UnixRedirects>() {
            @Override
            public UnixRedirects get() {
                return redirects();
            }
        };
    }

    Supplier<ListenRouter> listenOnFirstUse() {
        return new Supplier<ListenRouter>() {
            @Override
            public ListenRouter get() {
                return listen();
            }
        };
    }

    /** For the JMX counters: null while no listen rule was applied. */
    Supplier<ListenRouter> listenIfMadeLater() {
        return new Supplier<ListenRouter>() {
            @Override
            public ListenRouter get() {
                return listenIfMade();
            }
        };
    }

    /** For the JMX counters: null while nothing made the pool. */
    Supplier<TcpSocketPool> poolIfMadeLater() {
        return new Supplier<TcpSocketPool>() {
            @Override
            public TcpSocketPool get() {
                UnixRedirects made = redirectsIfMade();
                return made == null ? null : made.pool();
            }
        };
    }
}
