/** The agent jar's command line against real JVMs: help, check, status, attach and detach by pid or name. */
package io.loopshift.it.cli;
