package io.loopshift.agent.cli;

import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the JVM a command means, as {@code jcmd} does: a process id, or the main class or jar of a
 * running JVM of this user ({@code com.example.App}, {@code App}, {@code app.jar}, {@code app}).
 * The list comes from the JDK's attach API ({@code jdk.attach}, reached through the system class
 * loader: the agent's own loader sees only the platform modules).
 */
final class JvmTargets {
    private JvmTargets() {
    }

    /** A JVM found by name: its pid and what jcmd shows for it. */
    record Jvm(String pid, String displayName) {
    }

    /** Thrown when the name matches no JVM or several; the message says which exist. */
    static final class TargetException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        TargetException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** The pid the target names: digits are a pid; anything else one JVM's main class or jar. */
    static String resolve(String target) throws TargetException {
        if (!target.isEmpty() && target.chars().allMatch(Character::isDigit)) {
            return target;
        }
        if (target.startsWith("-")) {
            throw new TargetException("'" + target + "' is not a process id or a main class or jar name", AttachCommand.USAGE);
        }
        List<Jvm> running = running();
        List<Jvm> matching = new ArrayList<>();
        for (Jvm jvm : running) {
            if (matches(jvm.displayName(), target)) {
                matching.add(jvm);
            }
        }
        if (matching.size() == 1) {
            return matching.get(0).pid();
        }
        if (matching.isEmpty()) {
            throw new TargetException("no running JVM of this user has the main class or jar '" + target + "'" + listing(" (running: ", running, ")"),
                    AttachCommand.FAILED);
        }
        throw new TargetException("'" + target + "' names " + matching.size() + " JVMs; give one pid:" + listing("\n", matching, ""), AttachCommand.USAGE);
    }

    /** As jcmd: the first word of the display name is the main class or the jar path. */
    static boolean matches(String displayName, String target) {
        String main = mainOf(displayName);
        if (main.isEmpty()) {
            return false;
        }
        if (main.equals(target) || main.endsWith("." + target)) {
            return true;
        }
        String file = new File(main).getName();
        return file.equals(target) || (file.endsWith(".jar") && file.substring(0, file.length() - 4).equals(target));
    }

    /** At most ten JVMs as {@code pid main-class-or-jar}, so a busy machine does not flood the terminal. */
    private static String listing(String before, List<Jvm> jvms, String after) {
        if (jvms.isEmpty()) {
            return "";
        }
        boolean lines = before.startsWith("\n");
        StringBuilder text = new StringBuilder(before);
        int shown = Math.min(jvms.size(), 10);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : lines ? "\n" : ", ").append(lines ? "  " : "").append(jvms.get(i).pid()).append(' ').append(mainOf(jvms.get(i).displayName()));
        }
        if (jvms.size() > shown) {
            text.append(lines ? "\n  " : ", ").append("and ").append(jvms.size() - shown).append(" more (jps -l lists them)");
        }
        return text.append(after).toString();
    }

    /** The first word of a display name: the main class or the jar path. */
    private static String mainOf(String displayName) {
        String main = displayName.trim();
        int space = main.indexOf(' ');
        return space < 0 ? main : main.substring(0, space);
    }

    /** The JVMs of this user that accept attach, other than this one. */
    static List<Jvm> running() throws TargetException {
        List<Jvm> jvms = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        try {
            Class<?> virtualMachine = Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
            Class<?> descriptor = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor", true, ClassLoader.getSystemClassLoader());
            Method id = descriptor.getMethod("id");
            Method displayName = descriptor.getMethod("displayName");
            for (Object vm : (List<?>) virtualMachine.getMethod("list").invoke(null)) {
                String pid = (String) id.invoke(vm);
                if (!pid.equals(self)) {
                    jvms.add(new Jvm(pid, (String) displayName.invoke(vm)));
                }
            }
        } catch (ReflectiveOperationException | LinkageError noAttachApi) {
            throw new TargetException("cannot list running JVMs here (" + noAttachApi + "); give a process id instead", AttachCommand.FAILED);
        }
        return jvms;
    }
}
