/** A stand-in for a Netty version whose internals differ from those the agent checked. */
package io.loopshift.it.epoll.unknown;
