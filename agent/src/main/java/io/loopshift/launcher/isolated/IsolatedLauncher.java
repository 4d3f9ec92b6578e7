package io.loopshift.launcher.isolated;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The launcher's second step, reached only on Java 17 or later: loads the agent from inside the
 * jar (entries under {@code loopshift-classes/}, named {@code .classdata}) into an
 * {@link IsolatedClassLoader}, so nothing of loopshift or its Byte Buddy is on the application's
 * class path, and calls its premain, agentmain or command line.
 */
public final class IsolatedLauncher {
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
        } catch (InvocationTargetException failure) {
            throw failure.getCause();
        }
    }

    private static void call(String method, String arguments, Instrumentation instrumentation) {
        try {
            loader().loadClass("io.loopshift.agent.LoopshiftAgent").getMethod(method, String.class, Instrumentation.class)
                    .invoke(null, arguments, instrumentation);
        } catch (Throwable failure) {
            // premain must never stop the JVM: say why and run on without the agent.
            Throwable cause = failure instanceof InvocationTargetException ? failure.getCause() : failure;
            System.err.println("[loopshift] ERROR could not load the agent from its jar: " + cause
                    + " -- loopshift is disabled; the JVM continues without it");
        }
    }

    /** One loader per JVM, shared by premain and every later attach. */
    private static synchronized IsolatedClassLoader loader() throws Exception {
        if (loader == null) {
            loader = IsolatedClassLoader.forJarOf(IsolatedLauncher.class);
        }
        return loader;
    }
}
