/**
 * The launcher: the only classes of the agent jar on the application's class path. Its top
 * package is compiled for Java 8 and uses only Java 8 API, so that an older JVM reads the entry
 * point, is told loopshift needs Java 17, and runs on; on 17 and later it hands over to
 * {@code io.loopshift.launcher.isolated}, which loads the agent into a class loader of its own.
 */
package io.loopshift.launcher;
