package io.loopshift.agent.cli;

import java.util.Optional;

/** What can be said about a target before attaching: which pid it names, that the process exists, and that its user may be attached to. */
final class ProcessCheck {
    private ProcessCheck() {
    }

    /** The pid of a target given by pid or name, checked; the exception's message says what is wrong. */
    static String pidFor(String target, String command) throws JvmTargets.TargetException {
        String pidText = JvmTargets.resolve(target);
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException notANumber) {
            throw new JvmTargets.TargetException("'" + pidText + "' is not a process id", AttachCommand.USAGE);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new JvmTargets.TargetException("no process with pid " + pid, AttachCommand.FAILED);
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.get().info().user();
        if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
            throw new JvmTargets.TargetException("process " + pid + " runs as user " + owner.get() + ", not " + me
                    + "; a JVM accepts attach only from its own user: sudo -u " + owner.get() + " java -jar " + AttachCommand.jarPath() + " " + command + " " + pid,
                    AttachCommand.FAILED);
        }
        return pidText;
    }
}
