package io.loopshift.sample.scenario;

import io.loopshift.sample.process.ChildProcess;

import java.util.function.Consumer;

/** How the scenario starts, awaits and reads its children: relayed output, READY lines, summary lines. */
final class Children {
    static final long START_TIMEOUT_MILLIS = 30_000;
    static final long STOP_TIMEOUT_MILLIS = 15_000;

    private Children() {
    }

    /** True once the child printed READY; otherwise prints a FAILED line. */
    static boolean awaitReady(ChildProcess child) throws InterruptedException {
        if (child.awaitLine(line -> line.startsWith("READY "), START_TIMEOUT_MILLIS) != null) {
            return true;
        }
        System.out.println("FAILED " + child.name() + " did not print READY within " + START_TIMEOUT_MILLIS / 1000 + " s");
        return false;
    }

    /** Prints the child's last summary line with this tag; false (and a FAILED line) if it printed none. */
    static boolean report(ChildProcess child, String tag) {
        String line = child.lastLineStartingWith(tag + " ");
        if (line == null) {
            System.out.println("FAILED " + child.name() + " printed no " + tag + " line");
            return false;
        }
        System.out.println(line);
        return true;
    }

    /** Shows a child's lines as they come, prefixed with its name. */
    static Consumer<String> relay(String name) {
        return line -> {
            synchronized (System.out) {
                System.out.println("[" + name + "] " + line);
            }
        };
    }
}
