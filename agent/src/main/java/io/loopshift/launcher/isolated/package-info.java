/**
 * The launcher's Java 17 half: the class loader that keeps the agent off the application's class
 * path, and the calls into the agent through it.
 */
package io.loopshift.launcher.isolated;
