/** The command line of the agent jar: usage and version, and the operations commands. */
package io.loopshift.agent.cli;
