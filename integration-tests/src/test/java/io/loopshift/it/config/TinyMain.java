package io.loopshift.it.config;

/** The smallest application: proves the JVM reached main whatever the agent made of its settings. */
public final class TinyMain {
    public static final String MARKER = "MAIN RAN";

    private TinyMain() {
    }

    public static void main(String[] args) {
        System.out.println(MARKER);
    }
}
