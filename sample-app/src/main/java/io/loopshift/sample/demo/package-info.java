/**
 * The {@code demo} subcommand: three scenario runs (no agent, {@code source:}, {@code unix:}), each
 * in its own private network namespace with a small port range, then a side-by-side table, honest
 * findings (including when a route did not take effect) and a hand-written SVG chart.
 */
package io.loopshift.sample.demo;
