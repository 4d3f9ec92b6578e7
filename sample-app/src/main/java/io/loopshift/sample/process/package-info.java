/**
 * Child processes for the demo and the scenario: the command line that starts this sample again
 * in a fresh JVM, and a running child whose output is relayed live and kept for reading back.
 */
package io.loopshift.sample.process;
