/**
 * What every subcommand shares about running as a process: option parsing, addresses given as
 * {@code host:port}, and how a long-running service learns it should stop.
 */
package io.loopshift.sample.cli;
