/**
 * Entry point of {@code loopshift-sample.jar}: a backend, a reverse proxy and a load generator that
 * reproduce loopback port exhaustion, and a demo that runs them with and without loopshift.
 */
package io.loopshift.sample;
