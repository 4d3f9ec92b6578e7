package io.loopshift.agent.connect;

import io.loopshift.agent.config.Fallback;

/**
 * Makes the connector of a {@code unix:} route. The redirect ({@code connect.unix}) provides it,
 * so the route table is built without the connect path depending on the redirect.
 */
public interface UnixRouteConnectors {
    RouteConnector connector(String path, Fallback fallback, RouteMetrics metrics, String routeName);
}
