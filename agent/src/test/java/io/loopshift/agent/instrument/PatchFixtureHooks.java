package io.loopshift.agent.instrument;

/** The hook {@link CallSitePatchTest} redirects {@code PatchFixture.target} to: same descriptor, different answer. */
public final class PatchFixtureHooks {
    private PatchFixtureHooks() {
    }

    public static int onTarget(int value, String text) {
        return 1_000_000 + value;
    }
}
