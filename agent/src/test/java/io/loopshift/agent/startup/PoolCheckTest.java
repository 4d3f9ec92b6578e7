package io.loopshift.agent.startup;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Which pool addresses the start-up check binds: each position at most once. */
class PoolCheckTest {

    @Test
    void aSingleAddressPoolIsTriedOnce() {
        assertArrayEquals(new int[] {0}, PoolCheck.sampleIndexes(1), "a /32 or a one-address range");
    }

    @Test
    void aTwoAddressPoolTriesBoth() {
        assertArrayEquals(new int[] {0, 1}, PoolCheck.sampleIndexes(2), "a /31");
    }

    @Test
    void largerPoolsTryFirstMiddleAndLast() {
        assertArrayEquals(new int[] {0, 1, 2}, PoolCheck.sampleIndexes(3));
        assertArrayEquals(new int[] {0, 127, 253}, PoolCheck.sampleIndexes(254));
    }
}
