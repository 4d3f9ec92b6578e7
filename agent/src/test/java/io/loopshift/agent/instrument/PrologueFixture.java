package io.loopshift.agent.instrument;

/**
 * Methods whose first stack map frame lies far into the code, so that moved behind a prologue
 * its offset no longer fits the one-byte frame forms: {@link EntryHookPatchTest} checks they are
 * rewritten in their extended forms. Patched and loaded in a loader of their own, never unpatched.
 */
final class PrologueFixture {
    private PrologueFixture() {
    }

    /** A long straight run, then a loop: the first frame is a same_frame at a large offset. */
    static int late(int x) {
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        while (x > 1000 || x < -1000) {
            x /= 2;
        }
        return x;
    }

    /** A long straight run, then a conditional value: the first frames hold one stack item. */
    static Object lateItem(int x) {
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        x = x * 31 + 7;
        return String.valueOf(x).concat(x > 0 ? " positive" : " not positive");
    }
}
