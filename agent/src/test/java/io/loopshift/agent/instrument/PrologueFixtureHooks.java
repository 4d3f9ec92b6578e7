package io.loopshift.agent.instrument;

/** The hooks {@link PrologueFixture}'s patched methods call: they answer for 42 only. */
public final class PrologueFixtureHooks {
    private PrologueFixtureHooks() {
    }

    public static int onLate(int x) {
        return x == 42 ? -1 : 0;
    }

    public static Object onLateItem(int x) {
        return x == 42 ? "answered" : null;
    }
}
