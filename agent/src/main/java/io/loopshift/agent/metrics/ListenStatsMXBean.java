package io.loopshift.agent.metrics;

import java.util.List;

/** Counters of one listen rule, as JMX shows them: {@code loopshift:type=Listen,name=<index>}. */
public interface ListenStatsMXBean {
    /** The rule as configured, e.g. {@code 127.0.0.1:3000->unix:/run/app/3000.sock}. */
    String getRule();

    /** Server sockets this rule put on a Unix socket since start-up. */
    long getBound();

    /** The Unix socket files this rule's server sockets listen on now. */
    List<String> getListening();

    /** Connections accepted on those sockets. */
    long getAccepted();

    /** Accepted connections still open. */
    long getOpen();

    /** Server sockets this rule matched but whose transport it cannot move (Netty's native epoll): they listen on TCP, as configured. */
    long getNotCovered();

    /** Binds that failed (socket file in use, missing directory, no permission) plus accepts that failed with an error. */
    long getFailures();
}
