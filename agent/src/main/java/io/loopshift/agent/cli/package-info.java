/**
 * The command line of the agent jar: usage and version, the operations commands (attach,
 * detach, status, check), and {@code doctor} in its own package. Only the launcher calls in here;
 * the agent itself never depends on it.
 */
package io.loopshift.agent.cli;
