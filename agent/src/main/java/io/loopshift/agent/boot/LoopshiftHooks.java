package io.loopshift.agent.boot;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bootstrap contract: the only loopshift class that lives inside {@code java.base}. Advice
 * inlined into {@code sun.nio.ch.Net} calls these static methods; each forwards to a
 * {@link MethodHandle} slot that the agent fills once it is ready, and returns "not handled"
 * while the slot is empty. JDK types only, so it links against the boot loader.
 *
 * <p>{@link BootInjector} renames this class into {@code sun.nio.ch} (as
 * {@code sun.nio.ch.LoopshiftHooks}) before defining it there, so it needs no boot class path
 * entry and shadows nothing of the application's.
 *
 * <p>Nothing here may throw anything but the {@link IOException} a connect would throw: a bug
 * in the agent is counted and the JDK's own code path carries on.
 */
public final class LoopshiftHooks {
    /** Bumped whenever a slot's signature changes, so a stale copy from an earlier attach is refused. */
    public static final int CONTRACT_VERSION = 1;

    /** {@code (ProtocolFamily, FileDescriptor, InetAddress, int)int}: 0 to let the JDK connect, else its result. */
    public static volatile MethodHandle connect;

    /** Failures inside the agent's handlers that were swallowed to protect the application. */
    public static final AtomicLong HANDLER_FAILURES = new AtomicLong();
    public static volatile Throwable lastHandlerFailure;

    private LoopshiftHooks() {
    }

    /** Called on entry to {@code Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}. */
    public static int onConnect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        MethodHandle handler = connect;
        if (handler == null || !remote.isLoopbackAddress()) {
            return 0;
        }
        try {
            return (int) handler.invokeExact(family, fd, remote, port);
        } catch (IOException connectFailure) {
            throw connectFailure;
        } catch (Throwable bug) {
            recordFailure(bug);
            return 0;
        }
    }

    private static void recordFailure(Throwable bug) {
        HANDLER_FAILURES.incrementAndGet();
        lastHandlerFailure = bug;
    }
}
