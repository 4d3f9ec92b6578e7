package io.loopshift.sample;

/** Entry point of loopshift-sample.jar: backend, proxy, load and demo subcommands. */
public final class SampleMain {
    private SampleMain() {
    }

    public static void main(String[] args) {
        System.out.println("usage: java -jar loopshift-sample.jar backend|proxy|load|demo [options]");
    }
}
