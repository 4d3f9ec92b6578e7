package io.loopshift.sample.process;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line for a fresh JVM running one of this sample's subcommands: the same java and
 * the same class path as this JVM (the sample jar, or the classes directory in an IDE).
 */
public final class JavaCommand {
    /**
     * The sample's entry point, by name: importing it would close an import circle (the entry
     * point reaches the commands that use this class). {@code JavaCommandTest} keeps it true.
     */
    static final String MAIN_CLASS = "io.loopshift.sample.SampleMain";

    private JavaCommand() {
    }

    public static List<String> subcommand(List<String> jvmOptions, String subcommand, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Modest footprint: the demo starts several JVMs at once on what may be a small machine.
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add(subcommand);
        command.addAll(arguments);
        return command;
    }

    /** The sample jar this JVM runs from, or null when it runs from a classes directory. */
    public static Path sampleJar() {
        String classPath = System.getProperty("java.class.path");
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return null;
        }
        return Paths.get(classPath).toAbsolutePath().normalize();
    }
}
