package io.loopshift.agent.security;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.security.AccessController;
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
 * <p>Without a SecurityManager the wrapped handle calls the handler directly after one null check:
 * no allocation, nothing else on the connect path. Where none can ever be installed (JDK 24+, and
 * JDK 18-23 without {@code -Djava.security.manager}) the handler is used as it is.
 */
@SuppressWarnings("removal") // AccessController and the SecurityManager are deprecated, but JDK 17-23 still enforce them
public final class Privileged {
    private static final MethodHandle NO_SECURITY_MANAGER;
    private static final MethodHandle INVOKE_PRIVILEGED;
    /**
     * True where no SecurityManager can ever be installed: JDK 24+ has none, and JDK 18-23 refuse
     * {@code System.setSecurityManager} unless started with {@code -Djava.security.manager}
     * (allow, default or a class). There the wrappers are left out: building them spins method
     * handle classes, a noticeable part of start-up.
     */
    private static final boolean NEVER_A_SECURITY_MANAGER = neverASecurityManager();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NO_SECURITY_MANAGER = lookup.findStatic(Privileged.class, "noSecurityManager", MethodType.methodType(boolean.class));
            INVOKE_PRIVILEGED = lookup.findStatic(Privileged.class, "invokePrivileged",
                    MethodType.methodType(Object.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private Privileged() {
    }

    /**
     * A handle of the same type as {@code handler} that calls it directly while no
     * SecurityManager is installed, and inside {@code AccessController.doPrivileged} when one is
     * (installed at start-up or later by the application). Exceptions pass through unwrapped.
     */
    public static MethodHandle handle(MethodHandle handler) {
        if (NEVER_A_SECURITY_MANAGER) {
            return handler;
        }
        MethodType type = handler.type();
        int arity = type.parameterCount();
        MethodHandle spread = handler.asSpreader(Object[].class, arity);
        MethodHandle privileged = MethodHandles.insertArguments(INVOKE_PRIVILEGED, 0, spread)
                .asCollector(Object[].class, arity)
                .asType(type);
        MethodHandle test = MethodHandles.dropArguments(NO_SECURITY_MANAGER, 0, type.parameterList());
        return MethodHandles.guardWithTest(test, handler, privileged);
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

    private static boolean neverASecurityManager() {
        int feature;
        try {
            feature = Integer.parseInt(System.getProperty("java.specification.version"));
        } catch (RuntimeException unknown) {
            return false;
        }
        if (feature >= 24) {
            return true;
        }
        String manager = System.getProperty("java.security.manager");
        return feature >= 18 && noSecurityManager() && (manager == null || manager.equals("disallow"));
    }

    private static boolean noSecurityManager() {
        return System.getSecurityManager() == null;
    }

    private static Object invokePrivileged(MethodHandle spread, Object[] arguments) throws Throwable {
        return run(new PrivilegedExceptionAction<Object>() {
            @Override
            public Object run() throws Exception {
                try {
                    return spread.invoke(arguments);
                } catch (Exception | Error thrown) {
                    throw thrown;
                } catch (Throwable impossible) {
                    throw new UndeclaredThrowableException(impossible);
                }
            }
        });
    }
}
