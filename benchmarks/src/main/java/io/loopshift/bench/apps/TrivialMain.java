package io.loopshift.bench.apps;

/** Figure 4: the trivial main whose JVM wall time is measured with and without the agent. */
public final class TrivialMain {
    private TrivialMain() {
    }

    public static void main(String[] args) {
        System.out.println("hello from a trivial main");
    }
}
