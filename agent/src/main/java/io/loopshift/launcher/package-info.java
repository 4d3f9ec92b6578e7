/**
 * The launcher: the only classes of the agent jar on the application's class path. It loads the
 * agent itself from inside the jar into a class loader of its own.
 */
package io.loopshift.launcher;
