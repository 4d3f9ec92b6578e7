package io.loopshift.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The driver's settings and shared services for the figures: which java runs the children, where
 * the jars are, how many rounds and how long, and the network namespace helper.
 *
 * @param quick    a smoke run: few rounds, short cells (the numbers are not to be trusted)
 * @param rounds   rounds for figures 1, 2 and 4 (alternating variants), or 0 for the default
 * @param variants the churn variants to run (figures 1 and 2), or empty for all
 */
record Context(String java, Path agentJar, Path benchJar, Path jmhJar, boolean quick, int rounds, Set<Integer> figures,
               Set<String> variants, Netns netns, Path tmp) {

    /** The JVM options every measured child gets, with and without the agent: a fixed heap, nothing else. */
    static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

    int roundsOr(int full, int quickRounds) {
        if (rounds > 0) {
            return rounds;
        }
        return quick ? quickRounds : full;
    }

    /** The variants of {@code all} that {@code --variants} chose (all by default), in their order. */
    List<Variant> chosen(List<Variant> all) {
        return variants.isEmpty() ? all : all.stream().filter(variant -> variants.contains(variant.key())).toList();
    }

    /** {@code java <options> <extra> -cp bench.jar <main> <args>}. */
    List<String> javaCommand(List<String> extraJvmOptions, String mainClass, List<String> args) {
        return javaCommand(extraJvmOptions, mainClass, args, List.of());
    }

    /** As above, with these jars on the class path after the benchmark jar (a library the client drives). */
    List<String> javaCommand(List<String> extraJvmOptions, String mainClass, List<String> args, List<Path> libraries) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(CHILD_JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-cp");
        StringBuilder classPath = new StringBuilder(benchJar.toString());
        for (Path library : libraries) {
            classPath.append(File.pathSeparator).append(library);
        }
        command.add(classPath.toString());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    List<String> agent(String... properties) {
        List<String> options = new ArrayList<>();
        options.add("-javaagent:" + agentJar);
        for (String property : properties) {
            options.add("-D" + property);
        }
        return options;
    }

    static void progress(String line) {
        System.err.println("[bench] " + line);
        System.err.flush();
    }
}
