package io.loopshift.agent.cli.doctor;

/** Strict hex parsing for the socket table: digits only, no sign, no exceptions on bad input. */
final class Hex {
    private Hex() {
    }

    /** The unsigned value of {@code text[from, to)} (at most 8 digits), or -1 when it is not all hex digits. */
    static long parse(String text, int from, int to) {
        if (to <= from || to - from > 8 || to > text.length()) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
