/**
 * Real nginx as the reverse proxy of the demo's "seed" topology: found where the distribution
 * installs it, started as the current user from a generated configuration in a temporary
 * directory, stopped again, and its error log read back into counts.
 */
package io.loopshift.sample.nginx;
