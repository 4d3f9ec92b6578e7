package io.loopshift.agent;

import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.HandlerFailures;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.jdk.JavaBaseAccess;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.security.Privileged;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.security.PrivilegedExceptionAction;

/** The MethodHandle slots of the hooks class in java.base. */
final class HookSlots {
    private final Class<?> hooks;
    /** The hooks class's {@code fill(String, MethodHandle)}: one handle for every slot, no reflection per field. */
    private final MethodHandle fill;

    HookSlots(Class<?> hooks) throws ReflectiveOperationException {
        this.hooks = hooks;
        // Initialised before its handles are looked up, which spares the JVM generating their barrier-checking forms.
        Class.forName(hooks.getName(), true, hooks.getClassLoader());
        this.fill = JavaBaseAccess.privateLookup(hooks).findStatic(hooks, "fill", MethodType.methodType(void.class, String.class, MethodHandle.class));
        // Before any handler: the hooks class runs handlers through it while a SecurityManager is installed.
        set("privileged", Privileged.invoker());
    }

    /** Reads the failure counters of the hooks class and fills its report slot, which is never cleared. */
    HandlerFailures failures() throws ReflectiveOperationException {
        HandlerFailures failures = HandlerFailures.of(hooks, JavaBaseAccess.privateLookup(hooks));
        set("failureReport", failures.reportHandle());
        return failures;
    }

    /**
     * Before the weave: the JDK's natives through {@link NetCalls}, which looks them up on first
     * use. Looking them up now would load {@code sun.nio.ch.Net}, which an application has
     * usually not loaded yet, and which is woven for less as it loads than retransformed. A
     * socket made in the moment between the weave and {@link #nativeConnect} takes this way.
     */
    void nativeCallsUntilWoven() throws ReflectiveOperationException {
        MethodHandles.Lookup own = MethodHandles.lookup();
        set("nativeConnect0", own.findStatic(HookSlots.class, "connect0UntilWoven",
                MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class)));
        set("nativeSocket0", own.findStatic(HookSlots.class, "socket0UntilWoven",
                MethodType.methodType(int.class, boolean.class, boolean.class, boolean.class, boolean.class)));
    }

    static int connect0UntilWoven(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws Throwable {
        return (int) jdkNative(true).invokeExact(preferIPv6, fd, remote, port);
    }

    static int socket0UntilWoven(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws Throwable {
        return (int) jdkNative(false).invokeExact(preferIPv6, stream, reuse, fastLoopback);
    }

    /** As privileged: under a SecurityManager, the application's frames on this thread may not open the JDK's classes. */
    private static MethodHandle jdkNative(boolean connect) throws Exception {
        return Privileged.run(new PrivilegedExceptionAction<MethodHandle>() {
            @Override
            public MethodHandle run() {
                return connect ? NetCalls.nativeConnect0() : NetCalls.nativeSocket0();
            }
        });
    }

    /** Set right after the native calls are woven, replacing {@link #nativeCallsUntilWoven}'s; never cleared. */
    void nativeConnect(MethodHandle connect0) throws ReflectiveOperationException {
        set("nativeConnect0", connect0);
        set("nativeSocket0", NetCalls.nativeSocket0());
    }

    /** The JDK's own bind and accept, for the listen hooks; set before they are woven, never cleared (also not by {@link #clear}). */
    void nativeListen() throws ReflectiveOperationException {
        set("javaBind", NetCalls.javaBind());
        set("javaBindUnspec", NetCalls.javaBindUnspec());
        set("nativeAccept", NetCalls.nativeAccept());
    }

    void listen(ListenRouter listen) throws ReflectiveOperationException {
        set("accept", listen.acceptHandle());
        set("socketClosing", listen.closingHandle());
        set("listenBind", listen.bindHandle());
    }

    void connect(MethodHandle handler) throws ReflectiveOperationException {
        set("connect", handler);
    }

    void unix(UnixRedirects redirects, ConnectRouter router) throws ReflectiveOperationException {
        set("localAddress", redirects.localAddressHandle());
        set("setOption", redirects.setOptionHandle());
        set("getOption", redirects.getOptionHandle());
        set("connectStarting", router.connectStartingHandle());
        set("socketCreating", redirects.createSocketHandle());
    }

    /** Empties the slots that start rewrites; redirected sockets still need their answers. */
    void stopRewriting() throws ReflectiveOperationException {
        set("connect", null);
        set("connectStarting", null);
        set("socketCreating", null);
        set("listenBind", null);
    }

    void clear() throws ReflectiveOperationException {
        for (String slot : new String[] {"connect", "localAddress", "setOption", "getOption", "connectStarting", "socketCreating", "listenBind", "accept", "socketClosing"}) {
            set(slot, null);
        }
    }

    /** Handlers run inside the application's calls: under a SecurityManager the hooks class gives them the agent's rights. */
    private void set(String slot, MethodHandle handler) throws ReflectiveOperationException {
        try {
            fill.invokeExact(slot, handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
