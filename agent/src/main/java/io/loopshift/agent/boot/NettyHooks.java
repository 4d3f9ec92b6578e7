package io.loopshift.agent.boot;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bootstrap contract for Netty's native transport: code woven into Netty's
 * {@code io.netty.channel.unix.Socket} (under whatever package prefix it was relocated, in
 * whatever class loader loaded it) calls these static methods. Netty's classes cannot see
 * {@code sun.nio.ch}, which java.base does not export, so {@link BootInjector} defines this class
 * in the boot loader's unnamed module under {@link BootInjector#NETTY_BOOT_NAME}: every class
 * loader that delegates to its parent finds it there, and it exports nothing but these methods.
 * JDK types only; each method forwards to a {@link MethodHandle} slot the agent fills, and
 * answers "not handled" while the slot is empty.
 */
public final class NettyHooks {
    /** Bumped whenever a slot's signature changes, so a stale copy from an earlier attach is refused. */
    public static final int CONTRACT_VERSION = 3;
    /** Answers of {@link #onConnect}: let Netty connect, a connect in progress, connected. */
    public static final int NOT_HANDLED = 0;
    public static final int IN_PROGRESS = 1;
    public static final int CONNECTED = 2;

    /** {@code (Object, InetSocketAddress)int}: the Netty socket and its loopback destination; one of the answers above. */
    public static volatile MethodHandle connect;
    /** {@code (Object)IOException}: the failure a connect the agent finished later ended with, else null. */
    public static volatile MethodHandle finishConnect;
    /** {@code (Object)InetSocketAddress}: null unless the Netty socket was redirected to a Unix socket. */
    public static volatile MethodHandle localAddress;
    /** {@code (Object)InetSocketAddress}: null unless the Netty socket was redirected to a Unix socket. */
    public static volatile MethodHandle remoteAddress;

    /** {@code (Object, String, int)boolean}: true when the option was remembered for a socket moved to a Unix socket. */
    public static volatile MethodHandle setOption;
    /** {@code (Object, String)long}: the option's value for a socket moved to a Unix socket, else {@link #NOT_ANSWERED}. */
    public static volatile MethodHandle getOption;
    /** What {@link #onGetOption} answers for every other socket: Netty's own getter runs. */
    public static final long NOT_ANSWERED = Long.MIN_VALUE;

    /** {@code (Object)void}: a Netty server socket about to listen (it is bound), to say when a listen rule matches it. */
    public static volatile MethodHandle listen;

    /** {@code (Object, InetSocketAddress)void}: a loopback connect of a Netty transport the agent does not rewrite (io_uring). */
    public static volatile MethodHandle uncovered;

    /**
     * {@code (Throwable)void}: the JDK hooks class's failure recorder, which counts the failure where
     * JMX and the log see every other handler failure.
     */
    public static volatile MethodHandle failureSink;

    /** Failures inside the agent's handlers that were swallowed to protect the application. */
    public static final AtomicLong HANDLER_FAILURES = new AtomicLong();
    public static volatile Throwable lastHandlerFailure;

    private NettyHooks() {
    }

    /**
     * Fills the slot of this name. The agent sets every slot through this one method rather than
     * by reflection on each field: since JDK 18 the first reflective field access builds the
     * method-handle machinery behind {@code Field.set}, which costs milliseconds.
     */
    public static void fill(String slot, MethodHandle handler) {
        switch (slot) {
            case "connect":
                connect = handler;
                break;
            case "finishConnect":
                finishConnect = handler;
                break;
            case "localAddress":
                localAddress = handler;
                break;
            case "remoteAddress":
                remoteAddress = handler;
                break;
            case "setOption":
                setOption = handler;
                break;
            case "getOption":
                getOption = handler;
                break;
            case "listen":
                listen = handler;
                break;
            case "uncovered":
                uncovered = handler;
                break;
            case "failureSink":
                failureSink = handler;
                break;
            default:
                throw new IllegalArgumentException("no slot " + slot);
        }
    }

    /**
     * Entry of {@code Socket.connect(SocketAddress)}: a loopback destination goes to the agent,
     * everything else costs a type check and {@code isLoopbackAddress}.
     */
    public static int onConnect(Object socket, SocketAddress remote) throws IOException {
        MethodHandle handler = connect;
        if (handler == null || !(remote instanceof InetSocketAddress)) {
            return NOT_HANDLED;
        }
        InetSocketAddress destination = (InetSocketAddress) remote;
        InetAddress address = destination.getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            return NOT_HANDLED;
        }
        try {
            return (int) handler.invokeExact(socket, destination);
        } catch (IOException connectFailure) {
            throw connectFailure;
        } catch (Throwable bug) {
            recordFailure(bug);
            return NOT_HANDLED;
        }
    }

    /**
     * Entry of {@code Socket.finishConnect()}: a connect the agent reported in progress and then
     * could not complete (a Unix socket that went away, or kept its backlog full too long) fails
     * here, where Netty learns a connect's outcome; every other call runs Netty's body.
     */
    public static int onFinishConnect(Object socket) throws IOException {
        MethodHandle handler = finishConnect;
        if (handler == null) {
            return NOT_HANDLED;
        }
        IOException failure;
        try {
            failure = (IOException) handler.invokeExact(socket);
        } catch (Throwable bug) {
            recordFailure(bug);
            return NOT_HANDLED;
        }
        if (failure != null) {
            throw failure;
        }
        return NOT_HANDLED;
    }

    /** Entry of io_uring's {@code AbstractIoUringChannel.submitConnect(InetSocketAddress)}: observed only, to say it is not rewritten. */
    public static void onUncoveredConnect(Object channel, InetSocketAddress remote) {
        MethodHandle handler = uncovered;
        if (handler == null || remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return;
        }
        try {
            handler.invokeExact(channel, remote);
        } catch (Throwable bug) {
            recordFailure(bug);
        }
    }

    /** Entry of {@code Socket.listen(int)}: observed only; the server stays where Netty bound it. */
    public static void onListen(Object socket, int backlog) {
        MethodHandle handler = listen;
        if (handler == null) {
            return;
        }
        try {
            handler.invokeExact(socket);
        } catch (Throwable bug) {
            recordFailure(bug);
        }
    }

    /** Entry of a TCP option setter of Netty's socket ({@code setTcpNoDelay}, {@code setTcpKeepIdle}, ...); a boolean is 0 or 1. */
    public static boolean onSetOption(Object socket, String option, int value) {
        MethodHandle handler = setOption;
        if (handler == null) {
            return false;
        }
        try {
            return (boolean) handler.invokeExact(socket, option, value);
        } catch (IllegalArgumentException rejected) {
            throw rejected;
        } catch (Throwable bug) {
            recordFailure(bug);
            return false;
        }
    }

    /** Entry of a TCP option getter of Netty's socket. */
    public static long onGetOption(Object socket, String option) {
        MethodHandle handler = getOption;
        if (handler == null) {
            return NOT_ANSWERED;
        }
        try {
            return (long) handler.invokeExact(socket, option);
        } catch (Throwable bug) {
            recordFailure(bug);
            return NOT_ANSWERED;
        }
    }

    /** Entry of {@code Socket.localAddress()}. */
    public static InetSocketAddress onLocalAddress(Object socket) {
        return answer(localAddress, socket);
    }

    /** Entry of {@code Socket.remoteAddress()}. */
    public static InetSocketAddress onRemoteAddress(Object socket) {
        return answer(remoteAddress, socket);
    }

    private static InetSocketAddress answer(MethodHandle handler, Object socket) {
        if (handler == null) {
            return null;
        }
        try {
            return (InetSocketAddress) handler.invokeExact(socket);
        } catch (Throwable bug) {
            recordFailure(bug);
            return null;
        }
    }

    private static void recordFailure(Throwable bug) {
        HANDLER_FAILURES.incrementAndGet();
        lastHandlerFailure = bug;
        MethodHandle sink = failureSink;
        if (sink != null) {
            try {
                sink.invokeExact(bug);
            } catch (Throwable sinkFailed) {
                // Counted above; reporting must never break the application's connect.
            }
        }
    }
}
