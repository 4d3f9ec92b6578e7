package io.loopshift.agent.cli.doctor;

/**
 * How long a TIME_WAIT socket has been waiting, from the {@code tm->when} column of the socket
 * table ({@code 03:00001733}: the TIME_WAIT timer, 0x1733 clock ticks of 1/100 s left, USER_HZ
 * being 100 on every common architecture). TIME_WAIT lasts 60 s (TCP_TIMEWAIT_LEN), so the age is
 * 60 s less what is left.
 * <p>
 * With tcp_tw_reuse, connect() takes a TIME_WAIT port only once the connection's last timestamp
 * is more than a second old, counted in whole seconds before Linux 6.13 (so up to 2 s) and as
 * {@code tcp_tw_reuse_delay}, 1000 ms by default, since. A port in TIME_WAIT for less than 2 s is
 * therefore counted as held; one whose timer cannot be read, too.
 */
final class TimeWaitAge {
    static final int UNKNOWN = -1;
    static final int TIME_WAIT_MILLIS = 60_000;
    static final int REUSABLE_AFTER_MILLIS = 2_000;
    private static final int MILLIS_PER_TICK = 10;

    private TimeWaitAge() {
    }

    /** The milliseconds left on the TIME_WAIT timer from a {@code tr:tm->when} field, or {@link #UNKNOWN}. */
    static int remainingMillis(String timerField) {
        if (timerField.length() != 11 || !timerField.startsWith("03:")) {
            return UNKNOWN;
        }
        long ticks = Hex.parse(timerField, 3, 11);
        return ticks < 0 || ticks > TIME_WAIT_MILLIS / MILLIS_PER_TICK ? UNKNOWN : (int) ticks * MILLIS_PER_TICK;
    }

    /** True for a TIME_WAIT socket that a connect cannot take over yet, even with tcp_tw_reuse. */
    static boolean tooRecentToReuse(TcpSocket socket) {
        if (socket.state() != TcpState.TIME_WAIT) {
            return false;
        }
        int remaining = socket.timeWaitRemainingMillis();
        return remaining == UNKNOWN || TIME_WAIT_MILLIS - remaining < REUSABLE_AFTER_MILLIS;
    }
}
