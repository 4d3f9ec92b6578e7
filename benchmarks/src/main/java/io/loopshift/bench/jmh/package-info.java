/**
 * JMH benchmarks of the agent's per-connect decision, calling its route table and hook directly
 * (no instrumentation), and the main that runs them with the GC profiler for the driver.
 */
package io.loopshift.bench.jmh;
