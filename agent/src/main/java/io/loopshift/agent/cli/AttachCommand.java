package io.loopshift.agent.cli;

import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.SettingsReader;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code attach <pid> [key=value,...]} and {@code detach <pid>}: loads this jar as an agent into
 * a running JVM with the given settings (byte-buddy-agent), or with {@code enabled=false}. A JVM
 * that already runs loopshift replaces all its routes at once; after detach, attaching again
 * resumes. The settings are checked here first, so a typo is reported to whoever typed it.
 */
final class AttachCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    AttachCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int attach(String pidText, String arguments) {
        try {
            SettingsReader.forThisPlatform().read(new Properties(), arguments);
        } catch (ConfigException bad) {
            err.println("loopshift: " + bad.getMessage() + "; nothing was attached");
            return USAGE;
        }
        return load(pidText, arguments, "attached to " + pidText + " with " + (arguments.isEmpty() ? "its own loopshift.* properties" : arguments));
    }

    int detach(String pidText) {
        return load(pidText, "enabled=false", "detached from " + pidText + ": its connects are no longer rewritten");
    }

    private int load(String pidText, String arguments, String success) {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException notANumber) {
            err.println("loopshift: '" + pidText + "' is not a process id");
            return USAGE;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            err.println("loopshift: no process with pid " + pid);
            return FAILED;
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.get().info().user();
        if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
            err.println("loopshift: process " + pid + " runs as user " + owner.get() + ", not " + me
                    + "; a JVM accepts attach only from its own user: sudo -u " + owner.get() + " java -jar " + jarPath() + " attach " + pid);
            return FAILED;
        }
        try {
            ByteBuddyAgent.attach(new File(jarPath()), Long.toString(pid), arguments);
        } catch (RuntimeException failure) {
            err.println("loopshift: could not attach to " + pid + ": " + rootMessage(failure)
                    + ". Is it a HotSpot JVM that allows attach (not started with -XX:+DisableAttachMechanism)?");
            return FAILED;
        }
        out.println("loopshift: " + success + "; the target JVM logs what it applied on its standard error");
        return OK;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    static String jarPath() {
        try {
            return new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException | RuntimeException unknown) {
            return "loopshift-agent.jar";
        }
    }
}
