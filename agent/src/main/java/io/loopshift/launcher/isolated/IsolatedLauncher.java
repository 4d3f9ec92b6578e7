package io.loopshift.launcher.isolated;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.security.AccessController;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

/**
 * The launcher's second step, reached only on Java 17 or later: loads the agent from inside the
 * jar (entries under {@code loopshift-classes/}, named {@code .classdata}) into an
 * {@link IsolatedClassLoader}, so nothing of loopshift or its Byte Buddy is on the application's
 * class path, and calls its premain, agentmain or command line.
 */
public final class IsolatedLauncher {
    private static final String DISABLED = "loopshift is disabled; the JVM continues without it";
    private static IsolatedClassLoader loader;

    private IsolatedLauncher() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        call("premain", arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        call("agentmain", arguments, instrumentation);
    }

    public static void main(String[] args) throws Throwable {
        Method main = loader().loadClass("io.loopshift.agent.cli.LoopshiftCli").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (Exception failure) {
            throw failure instanceof InvocationTargetException ? failure.getCause() : failure;
        }
    }

    private static void call(String method, String arguments, Instrumentation instrumentation) {
        try {
            loader().loadClass("io.loopshift.agent.LoopshiftAgent").getMethod(method, String.class, Instrumentation.class)
                    .invoke(null, arguments, instrumentation);
        } catch (Throwable failure) {
            // premain must never stop the JVM: say why and run on without the agent. One catch, told
            // apart by instanceof: each type a catch names is loaded when this class is verified.
            if (failure instanceof SecurityException) {
                System.err.println("[loopshift] ERROR a SecurityManager is installed and its policy does not let the agent jar load the agent ("
                        + failure + "); grant the jar what a trusted agent needs: grant codeBase \"" + jarLocation()
                        + "\" { permission java.security.AllPermission; }; -- " + DISABLED);
                return;
            }
            Throwable cause = failure instanceof InvocationTargetException ? failure.getCause() : failure;
            System.err.println("[loopshift] ERROR could not load the agent from its jar: " + cause + " -- " + DISABLED);
        }
    }

    /**
     * One loader per JVM, shared by premain and every later attach. Created as privileged: it
     * needs the jar's rights (its location, reading it, a class loader), not those of whatever
     * called premain or agentmain; the policy must grant them when a SecurityManager is installed
     * at start-up.
     */
    @SuppressWarnings("removal") // AccessController: JDK 17-23 still enforce a SecurityManager
    private static synchronized IsolatedClassLoader loader() throws Exception {
        if (loader == null) {
            try {
                loader = AccessController.doPrivileged(new PrivilegedExceptionAction<IsolatedClassLoader>() {
                    @Override
                    public IsolatedClassLoader run() throws Exception {
                        return IsolatedClassLoader.forJarOf(IsolatedLauncher.class);
                    }
                });
            } catch (Exception failure) {
                throw failure instanceof PrivilegedActionException ? ((PrivilegedActionException) failure).getException() : failure;
            }
        }
        return loader;
    }

    /** The jar's URL as a policy names it, found without the permission that getProtectionDomain needs. */
    private static String jarLocation() {
        URL self = IsolatedLauncher.class.getResource("IsolatedLauncher.class");
        String text = self == null ? "" : self.toString();
        int separator = text.indexOf("!/");
        return text.startsWith("jar:") && separator > 0 ? text.substring("jar:".length(), separator) : "file:/path/to/loopshift-agent.jar";
    }
}
