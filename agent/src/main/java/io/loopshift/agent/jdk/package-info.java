/** Access to the JDK's socket internals: opening {@code java.base} to the agent, and typed calls to {@code sun.nio.ch} natives. */
package io.loopshift.agent.jdk;
