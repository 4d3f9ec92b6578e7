/**
 * The hidden {@code scenario} subcommand: one run of backend, proxy (with or without the agent)
 * and load as three JVMs sharing the caller's network namespace, reporting all their numbers.
 * The demo and the integration tests start it inside a private namespace.
 */
package io.loopshift.sample.scenario;
