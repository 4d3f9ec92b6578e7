/**
 * The agent's counters as JMX MXBeans ({@code loopshift:type=Agent}, {@code type=Route,name=N},
 * {@code type=Listen,name=N}, {@code type=Total}) and the periodic summary on standard error. The
 * JFR connect event is emitted by the router, in {@code connect}.
 */
package io.loopshift.agent.metrics;
