/**
 * The {@code load} subcommand: a bounded load generator (request count and duration) on a few
 * keep-alive connections to the proxy, printing a progress line per second and a summary.
 */
package io.loopshift.sample.load;
