package io.loopshift.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a fresh JVM (the same java that runs the tests) with or without the agent, optionally
 * inside a private network namespace, waits for it with a deadline and returns what it printed.
 * A fresh JVM per scenario, because an agent installs once per JVM.
 */
public final class ChildJvm {
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private String mainClass;
    private String classPath = testClasses().toString();
    private Netns.Settings netns;
    /** 0: the limit the tests run with. */
    private int descriptorLimit;
    private long timeoutSeconds = 120;
    private Path directory;
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    /** Where the child's {@link HandlerFailureReport} writes the agent's handler failures at exit. */
    private final Path failureReport = newReportFile();

    public static ChildJvm main(Class<?> mainClass) {
        ChildJvm jvm = new ChildJvm();
        jvm.mainClass = mainClass.getName();
        return jvm;
    }

    /** A JVM running an executable jar, such as the sample app or the agent's own command line. */
    public static ChildJvm jar(Path jar) {
        ChildJvm jvm = new ChildJvm();
        jvm.classPath = null;
        jvm.mainClass = null;
        jvm.arguments.add("-jar");
        jvm.arguments.add(jar.toString());
        return jvm;
    }

    public static Path agentJar() {
        return existing("loopshift.agent.jar", "mvn -B package");
    }

    public static Path sampleJar() {
        return existing("loopshift.sample.jar", "mvn -B package");
    }

    public static Path testClasses() {
        return Paths.get(System.getProperty("loopshift.test.classes", "target/test-classes"));
    }

    private static Path existing(String property, String howToBuild) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests with Maven)");
        }
        Path path = Paths.get(value);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist; build it first with " + howToBuild);
        }
        return path;
    }

    /** Attaches the agent with these system properties, e.g. {@code "loopshift.routes", "127.0.0.1:*->source:127.0.1.0/24"}. */
    public ChildJvm withAgent(String... keyValues) {
        return withAgentArguments(null, keyValues);
    }

    public ChildJvm withAgentArguments(String agentArguments, String... keyValues) {
        jvmOptions.add("-javaagent:" + agentJar() + (agentArguments == null ? "" : "=" + agentArguments));
        return systemProperties(keyValues);
    }

    public ChildJvm systemProperties(String... keyValues) {
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            jvmOptions.add("-D" + keyValues[i] + "=" + keyValues[i + 1]);
        }
        return this;
    }

    /** Adds jars or directories to the class path, after the test classes. */
    public ChildJvm classPath(String... entries) {
        for (String entry : entries) {
            classPath = classPath + java.io.File.pathSeparator + entry;
        }
        return this;
    }

    /** Runs with this working directory. */
    public ChildJvm directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Sets an environment variable of the child, e.g. {@code LOOPSHIFT_ROUTES} or {@code JAVA_TOOL_OPTIONS}. */
    public ChildJvm environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ChildJvm jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ChildJvm jvmOptions(List<String> options) {
        options.forEach(this::jvmOption);
        return this;
    }

    public ChildJvm args(Object... values) {
        for (Object value : values) {
            arguments.add(String.valueOf(value));
        }
        return this;
    }

    /** Runs inside a private network namespace with this ephemeral range (see {@link Netns}). */
    public ChildJvm inNetns(Netns.Settings settings) {
        this.netns = settings;
        return this;
    }

    /**
     * Runs under this limit of open descriptors, soft and hard, so the JVM cannot raise it (util-linux's
     * {@code prlimit}).
     */
    public ChildJvm descriptorLimit(int limit) {
        this.descriptorLimit = limit;
        return this;
    }

    public ChildJvm timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Djava.security.manager"))) {
            // Under a SecurityManager the report's class loads from the test classes' code base, which the
            // policy under test does not grant; SecurityManagerIT reads the handler failures itself.
            command.add("-javaagent:" + ReportAgentJar.path() + "=" + failureReport);
        }
        command.addAll(jvmOptions);
        if (classPath != null) {
            command.add("-cp");
            command.add(classPath);
        }
        if (mainClass != null) {
            command.add(mainClass);
        }
        command.addAll(arguments);
        if (descriptorLimit > 0) {
            command.addAll(0, List.of("prlimit", "--nofile=" + descriptorLimit + ":" + descriptorLimit, "--"));
        }
        return netns == null ? command : Netns.wrap(command, netns);
    }

    /** Starts the JVM and returns at once, for tests that act on it while it runs (attach). */
    public Running start() throws IOException {
        Path output = Files.createTempFile("loopshift-child", ".log");
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Running(String.join(" ", command()), process, output, timeoutSeconds, failureReport);
    }

    /** A child JVM still running. */
    public static final class Running {
        private final String command;
        private final Process process;
        private final Path output;
        private final long timeoutSeconds;
        private final Path failureReport;

        Running(String command, Process process, Path output, long timeoutSeconds, Path failureReport) {
            this.command = command;
            this.process = process;
            this.output = output;
            this.timeoutSeconds = timeoutSeconds;
            this.failureReport = failureReport;
        }

        public long pid() {
            return process.pid();
        }

        public String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        /** Waits until the output contains the text, up to the given seconds. */
        public void awaitOutput(String text, long seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!output().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("no '" + text + "' from " + command + ":\n" + output());
                }
                Thread.sleep(50);
            }
        }

        /** Closes the JVM's standard input, for a child that waits for end of input. */
        public void closeInput() throws IOException {
            process.getOutputStream().close();
        }

        /** Ends the JVM (SIGTERM, then SIGKILL) and forgets its output. */
        public void stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(output);
        }

        public Result finish() throws IOException, InterruptedException {
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = output();
            Files.deleteIfExists(output);
            Result result = new Result(command, finished ? process.exitValue() : -1, !finished, text);
            assertNoHandlerFailures(failureReport, result);
            return result;
        }
    }

    public Result run() throws IOException, InterruptedException {
        List<String> command = command();
        Path output = Files.createTempFile("loopshift-child", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Result result = new Result(String.join(" ", command), finished ? process.exitValue() : -1, !finished, text);
            assertNoHandlerFailures(failureReport, result);
            return result;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path newReportFile() {
        try {
            Path directory = Files.createTempDirectory("loopshift-report");
            directory.toFile().deleteOnExit();
            return directory.resolve("handler-failures");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Every child JVM reports the loopshift agent's handler failures at exit; any is a bug, and
     * fails the test whatever it checks. A child killed at its deadline writes no report.
     */
    static void assertNoHandlerFailures(Path report, Result result) throws IOException {
        if (!Files.exists(report)) {
            return;
        }
        String text = Files.readString(report, StandardCharsets.UTF_8);
        Files.delete(report);
        if (HandlerFailureReport.count(text) != 0) {
            throw new AssertionError("the loopshift agent counted handler failures in this JVM (" + text.trim().replace('\n', ' ') + ")\n"
                    + result.describe());
        }
    }

    /** What a child JVM did: its exit code and its merged standard output and error. */
    public record Result(String command, int exitCode, boolean timedOut, String output) {

        /** The value of {@code key=} on the first line starting with {@code prefix}, e.g. value("RESULT", "ok"). */
        public String value(String prefix, String key) {
            for (String line : output.split("\n")) {
                if (line.startsWith(prefix + " ")) {
                    for (String field : line.substring(prefix.length() + 1).split(" ")) {
                        if (field.startsWith(key + "=")) {
                            return field.substring(key.length() + 1);
                        }
                    }
                }
            }
            throw new AssertionError("no " + key + "= on a " + prefix + " line in:\n" + describe());
        }

        /** The first line starting with {@code prefix}, or "" (for printing the measured numbers). */
        public String line(String prefix) {
            for (String line : output.split("\n")) {
                if (line.startsWith(prefix + " ")) {
                    return line;
                }
            }
            return "";
        }

        public long number(String prefix, String key) {
            return Long.parseLong(value(prefix, key));
        }

        public String describe() {
            return "command: " + command + "\nexit: " + exitCode + (timedOut ? " (timed out)" : "") + "\noutput:\n" + output;
        }
    }
}
