/**
 * Running the agent's own work as privileged under a SecurityManager (JDK 17-23), so that a
 * policy written for the application does not have to know the agent: its handlers run with the
 * agent's rights, not with those of the application code that called {@code connect}.
 */
package io.loopshift.agent.security;
