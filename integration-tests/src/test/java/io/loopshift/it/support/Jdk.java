package io.loopshift.it.support;

/** Facts about the JDK running the tests, which is also the child JVMs' JDK. */
public final class Jdk {
    private Jdk() {
    }

    public static int feature() {
        return Runtime.version().feature();
    }

    public static boolean hasVirtualThreads() {
        return feature() >= 21;
    }
}
