package io.loopshift.agent.doctor;

import java.util.EnumMap;
import java.util.Map;

/** The ephemeral ports one {@link DestinationKey} holds, counted by the state of their connection. */
final class DestinationUsage {
    private final DestinationKey key;
    private final EnumMap<TcpState, Integer> byState = new EnumMap<>(TcpState.class);
    private int total;

    DestinationUsage(DestinationKey key) {
        this.key = key;
    }

    void add(TcpState state) {
        byState.merge(state, 1, Integer::sum);
        total++;
    }

    DestinationKey key() {
        return key;
    }

    int count(TcpState state) {
        return byState.getOrDefault(state, 0);
    }

    int established() {
        return count(TcpState.ESTABLISHED);
    }

    int timeWait() {
        return count(TcpState.TIME_WAIT);
    }

    /** Connections opening or closing (SYN_SENT, FIN_WAIT*, CLOSE_WAIT, ...): they hold their port too. */
    int other() {
        return total - established() - timeWait();
    }

    int inUse() {
        return total;
    }

    /** Every state with a non-zero count, in the kernel's order. */
    Map<TcpState, Integer> states() {
        return new EnumMap<>(byState);
    }
}
