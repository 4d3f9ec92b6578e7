package io.loopshift.agent.config;

/** Digit checks without streams or lambdas, which cost start-up time inside premain. */
final class Digits {
    private Digits() {
    }

    /** True when the text is 1 to maxLength ASCII digits. */
    static boolean isNumber(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
