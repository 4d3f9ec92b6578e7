/**
 * The bootstrap side of the agent: the small class that is renamed into {@code sun.nio.ch} and
 * defined in {@code java.base}, so that advice inlined into JDK classes can reach the agent, and
 * the injector that puts it there.
 */
package io.loopshift.agent.boot;
