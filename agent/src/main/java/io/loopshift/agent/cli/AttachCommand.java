package io.loopshift.agent.cli;

import io.loopshift.agent.config.ConfigException;
import io.loopshift.agent.config.SettingsReader;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
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
        return load(pidText, arguments, "attached to", " with " + (arguments.isEmpty() ? "its own loopshift.* settings" : arguments));
    }

    int detach(String pidText) {
        return load(pidText, "enabled=false", "detached from", ": its connects are no longer rewritten");
    }

    /** Loads the jar into the target; on success prints {@code <done> <target><what>}. */
    private int load(String target, String arguments, String done, String what) {
        String pid;
        try {
            pid = ProcessCheck.pidFor(target, "attach");
        } catch (JvmTargets.TargetException unusable) {
            err.println("loopshift: " + unusable.getMessage());
            return unusable.exitCode();
        }
        try {
            ByteBuddyAgent.attach(new File(jarPath()), pid, arguments);
        } catch (RuntimeException failure) {
            err.println("loopshift: could not attach to " + pid + ": " + rootMessage(failure)
                    + ". Is it a HotSpot JVM that allows attach (not started with -XX:+DisableAttachMechanism)?");
            return FAILED;
        }
        out.println("loopshift: " + done + " " + (pid.equals(target) ? pid : pid + " (" + target + ")") + what
                + "; the target JVM logs what it applied on its standard error");
        return OK;
    }

    static String rootMessage(Throwable failure) {
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
