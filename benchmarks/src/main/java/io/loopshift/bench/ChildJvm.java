package io.loopshift.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child process to completion with a hard time limit. Its output (standard output and
 * error together) goes to a temporary file, not a pipe, so nothing in the driver competes with the
 * child while it runs, and the wall time around start and exit measures only the child.
 */
final class ChildJvm {
    record Result(List<String> command, int exitCode, String output, long wallNanos, boolean timedOut) {
        List<String> lines() {
            return List.of(output.split("\n"));
        }

        /** The {@code key=value} of the first line starting with {@code prefix} (and a space), or null. */
        String value(String prefix, String key) {
            for (String line : lines()) {
                if (line.startsWith(prefix + " ")) {
                    for (String part : line.split(" ")) {
                        if (part.startsWith(key + "=")) {
                            return part.substring(key.length() + 1);
                        }
                    }
                }
            }
            return null;
        }

        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        String describe() {
            String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
            return "'" + String.join(" ", command) + "' " + (timedOut ? "timed out" : "exited " + exitCode) + ":\n" + tail;
        }
    }

    private ChildJvm() {
    }

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile("loopshift-bench-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            long start = System.nanoTime();
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            long wall = System.nanoTime() - start;
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return new Result(command, finished ? process.exitValue() : -1, text, wall, !finished);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
