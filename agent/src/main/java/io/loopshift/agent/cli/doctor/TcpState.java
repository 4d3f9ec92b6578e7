package io.loopshift.agent.cli.doctor;

/** The {@code st} column of /proc/net/tcp: the kernel's TCP states, by their code (include/net/tcp_states.h). */
enum TcpState {
    ESTABLISHED(0x01),
    SYN_SENT(0x02),
    SYN_RECV(0x03),
    FIN_WAIT1(0x04),
    FIN_WAIT2(0x05),
    TIME_WAIT(0x06),
    CLOSE(0x07),
    CLOSE_WAIT(0x08),
    LAST_ACK(0x09),
    LISTEN(0x0A),
    CLOSING(0x0B),
    NEW_SYN_RECV(0x0C);

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    /** The state with this code, or null for a code the kernel does not use. */
    static TcpState ofCode(int code) {
        for (TcpState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }
}
