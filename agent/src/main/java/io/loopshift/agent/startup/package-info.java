/**
 * Checks run once when routes are applied, never on a connect: the self-test that the connect
 * hook is reached, pools whose addresses cannot be bound, {@code unix:} paths with no socket yet,
 * and {@code localhost} routes that leave ::1 alone.
 */
package io.loopshift.agent.startup;
