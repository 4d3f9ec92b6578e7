/**
 * The sample app as users run it: backend, proxy (with the agent attached by {@code -javaagent})
 * and load as separate JVMs in a private network namespace, judged by the counts the backend and
 * the proxy report.
 */
package io.loopshift.it.sample;
