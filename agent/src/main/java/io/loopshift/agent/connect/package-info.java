/**
 * The connect path on the agent's side: the route table, the router that the bootstrap hook
 * calls, the {@code source:} and {@code dest:} connectors, what every routed connect needs (the
 * context recorded at a connect's entry, the blocking mode, errno names), the counters, and the
 * JFR connect event. The {@code unix:} redirect plugs in from {@code connect.unix}; this package
 * does not depend on it.
 */
package io.loopshift.agent.connect;
