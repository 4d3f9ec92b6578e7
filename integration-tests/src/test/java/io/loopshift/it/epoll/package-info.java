/**
 * Netty's native epoll transport under the agent: a checker that drives a raw Netty
 * {@code Bootstrap} with {@code EpollSocketChannel}, and the tests that run it in fresh JVMs.
 */
package io.loopshift.it.epoll;
