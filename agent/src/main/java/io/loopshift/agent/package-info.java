/** The agent's entry points (premain, agentmain) and the start-up sequence. */
package io.loopshift.agent;
