package io.loopshift.agent;

import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.HandlerFailures;
import io.loopshift.agent.connect.unix.UnixRedirects;
import io.loopshift.agent.jdk.JavaBaseAccess;
import io.loopshift.agent.jdk.NetCalls;
import io.loopshift.agent.listen.ListenRouter;
import io.loopshift.agent.security.Privileged;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/** The MethodHandle slots of the hooks class in java.base. */
final class HookSlots {
    private final Class<?> hooks;
    /** The hooks class's {@code fill(String, MethodHandle)}: one handle for every slot, no reflection per field. */
    private final MethodHandle fill;

    HookSlots(Class<?> hooks) throws ReflectiveOperationException {
        this.hooks = hooks;
        // Initialised before its handles are looked up, which spares the JVM generating their barrier-checking forms.
        Class.forName(hooks.getName(), true, null);
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

    /** Set before the native call is redirected to the hooks class, and never cleared. */
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
