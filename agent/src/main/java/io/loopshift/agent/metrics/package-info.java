/** The route counters as JMX MXBeans ({@code loopshift:type=Route,name=N} and {@code loopshift:type=Total}) and the JFR connect event. */
package io.loopshift.agent.metrics;
