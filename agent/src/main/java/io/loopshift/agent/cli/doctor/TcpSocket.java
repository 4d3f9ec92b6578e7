package io.loopshift.agent.cli.doctor;

/**
 * One line of /proc/net/tcp or tcp6: the two ends as the socket sees them, its state and, for
 * TIME_WAIT, the milliseconds left before the port is free ({@link TimeWaitAge#UNKNOWN} otherwise).
 */
record TcpSocket(IpAddress local, int localPort, IpAddress remote, int remotePort, TcpState state, int timeWaitRemainingMillis) {

    TcpSocket(IpAddress local, int localPort, IpAddress remote, int remotePort, TcpState state) {
        this(local, localPort, remote, remotePort, state, TimeWaitAge.UNKNOWN);
    }
}
