package io.loopshift.agent.cli.doctor;

import java.util.EnumMap;
import java.util.Map;

/** The ephemeral ports one {@link DestinationKey} holds, counted by the state of their connection. */
final class DestinationUsage {
    private final DestinationKey key;
    private final EnumMap<TcpState, Integer> byState = new EnumMap<>(TcpState.class);
    private int total;
    private int recentTimeWait;

    DestinationUsage(DestinationKey key) {
        this.key = key;
    }

    void add(TcpSocket socket) {
        byState.merge(socket.state(), 1, Integer::sum);
        total++;
        if (TimeWaitAge.tooRecentToReuse(socket)) {
            recentTimeWait++;
        }
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

    /** TIME_WAIT ports under 2 s old: not reusable yet, even with tcp_tw_reuse. */
    int recentTimeWait() {
        return recentTimeWait;
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
