/**
 * Counting what happened: errors by kind (EADDRNOTAVAIL named), per-second timelines, latency
 * percentiles, and the one-line {@code TAG key=value ...} summaries that processes print for
 * the demo and the tests to read.
 */
package io.loopshift.sample.stats;
