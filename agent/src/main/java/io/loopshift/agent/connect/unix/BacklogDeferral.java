package io.loopshift.agent.connect.unix;

/**
 * Where a {@code unix:} connect that met a full backlog can wait without blocking its thread: a
 * Netty event loop must not sleep in a connect, and a TCP connect to a full backlog stays pending
 * (the SYN is dropped and sent again) until the server accepts or the application's connect
 * timeout closes the channel. The connector hands such a connect over as a
 * {@link PendingUnixConnect}, answers "in progress", and the deferral retries it later on the
 * same thread.
 */
public interface BacklogDeferral {
    /** True when a connect of this socket, on this thread, can be retried later on this thread (a Netty event loop's). */
    boolean canDefer(Object owner);

    /** Takes the pending connect over: retries {@link PendingUnixConnect#attempt()} until it is done, or abandons it once its owner closed. */
    void defer(PendingUnixConnect pending);
}
