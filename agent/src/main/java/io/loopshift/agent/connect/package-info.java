/**
 * The connect path on the agent's side: the route table, the router that the bootstrap hook
 * calls, one connector per action, their counters, and the start-up self-test.
 */
package io.loopshift.agent.connect;
