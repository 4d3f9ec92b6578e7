package io.loopshift.agent.security;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

/**
 * The agent's work under a SecurityManager. A handler runs inside the application's
 * {@code connect}, so every permission check it triggers (registering the JFR event class on first
 * use, reading a file, the JMX server) would otherwise be judged against the application's frames
 * too, and a policy that grants the application only its sockets would make the handler fail.
 * The agent's class loader gives its classes AllPermission (see the launcher), and these
 * wrappers stop the permission check at the agent's frames.
 *
 * <p>Without a SecurityManager the hooks class calls each handler directly after one null check:
 * no allocation, nothing else on the connect path.
 */
@SuppressWarnings("removal") // AccessController and the SecurityManager are deprecated, but JDK 17-23 still enforce them
public final class Privileged {
    private Privileged() {
    }

    /**
     * {@code (MethodHandle, Object[])Object}: calls a handler with these arguments inside
     * {@code AccessController.doPrivileged}, exceptions unwrapped. The hooks class calls it in place
     * of the handler only while a SecurityManager is installed, so the connect path of a JVM without
     * one goes straight to the handler, and no adapter per handler type is built at start-up.
     */
    public static MethodHandle invoker() throws ReflectiveOperationException {
        // Looked up here, not in a static initialiser: a handle on a class still initialising
        // makes the JVM generate a second, barrier-checking form of it.
        return MethodHandles.lookup().findStatic(Privileged.class, "invokePrivileged",
                MethodType.methodType(Object.class, MethodHandle.class, Object[].class));
    }

    /** Runs {@code work} as privileged when a SecurityManager is installed, else directly. */
    public static <T> T run(PrivilegedExceptionAction<T> work) throws Exception {
        if (noSecurityManager()) {
            return work.run();
        }
        try {
            return AccessController.doPrivileged(work);
        } catch (PrivilegedActionException failure) {
            throw failure.getException();
        }
    }

    /**
     * Runs {@code work} as privileged whether or not a SecurityManager is installed yet: for a
     * thread of the agent that runs while the application starts, which may install one at any
     * moment. Its checks then stop at the agent's frames, and the context the thread inherited
     * from whoever started it (the agent jar's launcher, which a policy need not grant anything)
     * is not asked.
     */
    public static void runAlways(PrivilegedAction<Void> work) {
        AccessController.doPrivileged(work);
    }

    private static boolean noSecurityManager() {
        return System.getSecurityManager() == null;
    }

    private static Object invokePrivileged(MethodHandle handler, Object[] arguments) throws Throwable {
        return run(new PrivilegedExceptionAction<Object>() {
            @Override
            public Object run() throws Exception {
                try {
                    return handler.invokeWithArguments(arguments);
                } catch (Exception | Error thrown) {
                    throw thrown;
                } catch (Throwable impossible) {
                    throw new UndeclaredThrowableException(impossible);
                }
            }
        });
    }
}
