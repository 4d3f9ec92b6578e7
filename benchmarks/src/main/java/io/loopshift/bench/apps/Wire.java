package io.loopshift.bench.apps;

/**
 * The benchmark protocol. Every connection starts with a {@value #HELLO}-byte message whose first
 * byte picks the mode: churn (one request, one response, the client closes), echo (every
 * message comes back) or bulk (the server streams until the client closes). The tiny churn modes
 * send only {@value #TINY} bytes instead: they come back, then the client closes first, or the
 * server does.
 */
final class Wire {
    static final int HELLO = 64;
    static final byte CHURN = 'C';
    static final byte ECHO = 'R';
    static final byte BULK = 'B';
    /** Tiny churn: a {@value #TINY}-byte message instead of the hello, echoed; the client closes first. */
    static final byte TINY_CHURN = 'T';
    /** The same, but the server closes first. */
    static final byte TINY_CHURN_SERVER_CLOSES = 'S';
    static final int TINY = 4;
    /** Bytes of the churn response. */
    static final int RESPONSE = 128;
    /** Bytes of each bulk write and read. */
    static final int CHUNK = 64 * 1024;

    private Wire() {
    }

    static byte[] tiny(boolean serverCloses) {
        return new byte[] {serverCloses ? TINY_CHURN_SERVER_CLOSES : TINY_CHURN, 'p', 'i', 'n'};
    }

    static byte[] hello(byte mode) {
        byte[] message = new byte[HELLO];
        for (int i = 0; i < HELLO; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        message[0] = mode;
        return message;
    }
}
