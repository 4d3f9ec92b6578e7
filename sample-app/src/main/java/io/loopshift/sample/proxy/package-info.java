/**
 * The {@code proxy} subcommand: a reverse proxy that keeps its clients' connections alive but
 * opens a new upstream connection per request and closes it after the response, as nginx does by
 * default, so its side of the upstream accumulates TIME_WAIT. One upstream client per JDK API.
 */
package io.loopshift.sample.proxy;
