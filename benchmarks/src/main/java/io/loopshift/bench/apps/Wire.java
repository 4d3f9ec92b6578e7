package io.loopshift.bench.apps;

/**
 * The benchmark protocol. Every connection starts with a {@value #HELLO}-byte message whose first
 * byte picks the mode: churn (one request, one response, the client closes), echo (every
 * message comes back) or bulk (the server streams until the client closes).
 */
final class Wire {
    static final int HELLO = 64;
    static final byte CHURN = 'C';
    static final byte ECHO = 'R';
    static final byte BULK = 'B';
    /** Bytes of the churn response. */
    static final int RESPONSE = 128;
    /** Bytes of each bulk write and read. */
    static final int CHUNK = 64 * 1024;

    private Wire() {
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
