package io.loopshift.agent.instrument;

/** A class for {@link CallSitePatchTest}: calls {@link #target} among switches and two-slot constants. */
public final class PatchFixture {
    private PatchFixture() {
    }

    static int target(int value, String text) {
        return value + text.length();
    }

    /** Calls {@code target} twice, in the middle of the instructions whose length a patcher must get right. */
    public static int hooked(int choice, String text) {
        long big = 1234567890123L;
        double ratio = 2.5;
        int result;
        switch (choice) {
            case 0: result = 10; break;
            case 1: result = 11; break;
            case 2: result = 12; break;
            default: result = target(choice, text);
        }
        switch (choice * 1000) {
            case -5000: result += 1; break;
            case 7000: result += 2; break;
            default: result += 0;
        }
        int i0 = 0, i1 = 1, i2 = 2, i3 = 3, i4 = 4, i5 = 5, i6 = 6, i7 = 7, i8 = 8, i9 = 9;
        result += i0 + i1 + i2 + i3 + i4 + i5 + i6 + i7 + i8 + i9 + (int) (big % 7) + (int) ratio;
        return result + target(1, text);
    }

    /** Calls {@code target} too, but is not the hooked method: must stay unpatched. */
    public static int untouched(String text) {
        return target(0, text);
    }
}
