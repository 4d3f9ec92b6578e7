package io.loopshift.agent.doctor;

/** One line of /proc/net/tcp or tcp6: the two ends as the socket sees them, and its state. */
record TcpSocket(IpAddress local, int localPort, IpAddress remote, int remotePort, TcpState state) {
}
