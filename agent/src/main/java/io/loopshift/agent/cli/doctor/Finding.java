package io.loopshift.agent.cli.doctor;

/**
 * The doctor's answer for one destination. {@code held} is what a new connect cannot take: all of
 * {@code inUse}, less the TIME_WAIT ports old enough to reuse when tcp_tw_reuse lets connects
 * reuse them. The verdict comes from {@code held}.
 */
record Finding(DestinationUsage usage, int held, Verdict verdict, FixRoute fix) {

    static Finding of(DestinationUsage usage, EphemeralRange range, TimeWaitReuse reuse) {
        int reusable = usage.timeWait() - usage.recentTimeWait();
        int held = reuse.freesLoopbackPorts() ? usage.inUse() - reusable : usage.inUse();
        return new Finding(usage, held, Verdict.of(held, range.size()), FixRoute.forDestination(usage.key(), range));
    }
}
