/**
 * The benchmark driver: starts one JVM per variant per round, alternating the variants, collects
 * their printed figures and writes the table to BENCHMARKS.md. Run it with {@code benchmarks/run}.
 */
package io.loopshift.bench;
