package io.loopshift.sample.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A started child process with standard output and error merged (the agent writes to stderr),
 * each line handed to a relay as it arrives and kept, so the caller can both show progress live
 * and read the summary lines afterwards. Its stdin stays open as a pipe: closing it is how a
 * backend or proxy started with {@code --until-stdin-closes} is asked to stop.
 */
public final class ChildProcess {
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    private ChildProcess(String name, Process process, Consumer<String> relay) {
        this.name = name;
        this.process = process;
        this.pump = new Thread(() -> pump(relay), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildProcess start(String name, List<String> command, Consumer<String> relay) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(name, process, relay);
    }

    public String name() {
        return name;
    }

    private void pump(Consumer<String> relay) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
                relay.accept(line);
            }
        } catch (IOException closed) {
            // The process is gone; what it printed is kept.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** Waits for a line matching {@code wanted}; null if the process ends or the time runs out first. */
    public String awaitLine(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int checked = 0;
        synchronized (lines) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (wanted.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!pump.isAlive() && checked == lines.size())) {
                    return null;
                }
                lines.wait(Math.min(left, 200));
            }
        }
    }

    /** Asks a service started with {@code --until-stdin-closes} to stop. */
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            // Nothing to ask.
        }
    }

    /** Waits for the process to end (killing it after the timeout) and for its last lines; its exit code, or -1 if killed. */
    public int waitFor(long timeoutMillis) throws InterruptedException {
        boolean ended = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(5000);
        return ended ? process.exitValue() : -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the process to end (SIGTERM), for programs such as nginx that stop cleanly on it. */
    public void terminate() {
        process.destroy();
    }

    public void kill() {
        process.destroyForcibly();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last line starting with {@code prefix}, or null. */
    public String lastLineStartingWith(String prefix) {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startsWith(prefix)) {
                return all.get(i);
            }
        }
        return null;
    }
}
