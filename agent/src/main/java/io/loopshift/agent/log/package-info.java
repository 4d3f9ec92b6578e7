/** The agent's own one-line logging to standard error, free of any logging framework. */
package io.loopshift.agent.log;
