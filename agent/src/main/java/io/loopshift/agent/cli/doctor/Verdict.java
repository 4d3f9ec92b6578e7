package io.loopshift.agent.cli.doctor;

/**
 * How close one destination is to "Cannot assign requested address", from the share of the
 * ephemeral range its connections hold. The exit code of the command is that of the worst
 * verdict, in the convention of monitoring checks (Nagios, Icinga, Sensu): 0 ok, 1 warning,
 * 2 critical.
 */
enum Verdict {
    OK("ok", 0, "under 50% of the range held: room to spare"),
    WARNING("warning", 1, "50-80% held: a burst or a slower server can use up the rest"),
    CRITICAL("critical", 2, "over 80% held: close to running out; when every port is held, connects fail with EADDRNOTAVAIL");

    private final String word;
    private final int exitCode;
    private final String meaning;

    Verdict(String word, int exitCode, String meaning) {
        this.word = word;
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    /** Integer arithmetic, so 800 of 1000 is exactly 80% (a warning) and 801 is critical. */
    static Verdict of(long held, long rangeSize) {
        if (held * 100 > rangeSize * 80) {
            return CRITICAL;
        }
        if (held * 100 >= rangeSize * 50) {
            return WARNING;
        }
        return OK;
    }

    String word() {
        return word;
    }

    int exitCode() {
        return exitCode;
    }

    String meaning() {
        return meaning;
    }

    Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
