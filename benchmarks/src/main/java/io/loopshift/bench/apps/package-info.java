/**
 * The programs the benchmark driver starts in their own JVMs, one per variant per round: clients
 * that carry their own server (so every variant talks to the same server code), and a trivial main
 * for the start-up figure. They print {@code RESULT} lines that the driver parses.
 */
package io.loopshift.bench.apps;
