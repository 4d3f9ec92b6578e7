package io.loopshift.agent.cli.doctor;

/** A share as a percentage with one decimal, rounded down so a share never looks fuller than it is; no Locale, so always a dot. */
final class Percent {
    private Percent() {
    }

    static String of(long part, long whole) {
        long tenths = whole == 0 ? 0 : part * 1000 / whole;
        return tenths / 10 + "." + tenths % 10;
    }
}
