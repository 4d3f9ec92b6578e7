package io.loopshift.agent.boot;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bootstrap contract: the only loopshift class that lives inside {@code java.base}. Code
 * woven into {@code sun.nio.ch} classes calls these static methods; each forwards to a
 * {@link MethodHandle} slot that the agent fills once it is ready, and answers "not handled"
 * while the slot is empty. JDK types only, so it links against the boot loader.
 *
 * <p>{@link BootInjector} renames this class into {@code sun.nio.ch} (as
 * {@code sun.nio.ch.LoopshiftHooks}) before defining it there, so it needs no boot class path
 * entry and shadows nothing of the application's.
 *
 * <p>Nothing here throws anything but the {@link IOException} the JDK method itself could throw:
 * a bug in the agent is counted, reported to the agent (which logs it), and the JDK's own code
 * path carries on. A connect handler that fails after it changed the socket (bound, rotated,
 * dup2'd) throws an IOException naming the bug instead, counted through
 * {@link #recordFailure}, because the JDK's path would run on a socket in an unknown state.
 */
public final class LoopshiftHooks {
    /** Bumped whenever a slot's signature changes, so a stale copy from an earlier attach is refused. */
    public static final int CONTRACT_VERSION = 8;
    /** Kinds of connect for {@link #connectStarting}: java.net.Socket, SocketChannel.connect, the socket adaptor's timed connect. */
    public static final int SOCKET = 0;
    public static final int CHANNEL = 1;
    public static final int CHANNEL_TIMED = 2;

    /**
     * {@code (boolean, FileDescriptor, InetAddress, int)int}: the JDK's own private native
     * {@code Net.connect0}, set before the call to it is redirected here and never cleared.
     */
    public static volatile MethodHandle nativeConnect0;
    /** {@code (boolean, FileDescriptor, InetAddress, int)int}: 0 to let the JDK connect, else the connect's result. */
    public static volatile MethodHandle connect;
    /** {@code (FileDescriptor)InetSocketAddress}: null unless the socket was redirected to a Unix socket. */
    public static volatile MethodHandle localAddress;
    /** {@code (FileDescriptor, SocketOption, Object)boolean}: true when the option was taken care of. */
    public static volatile MethodHandle setOption;
    /** {@code (FileDescriptor, SocketOption)Object}: the value, or null to let the JDK read it. */
    public static volatile MethodHandle getOption;
    /** {@code (Object, SocketAddress, long, int)void}: the socket impl or channel, destination, timeout (ns, 0 none) and kind of a connect about to start. */
    public static volatile MethodHandle connectStarting;

    /**
     * {@code (boolean, boolean, boolean, boolean)int}: the JDK's own private native
     * {@code Net.socket0}, set before the call to it is redirected here and never cleared.
     */
    public static volatile MethodHandle nativeSocket0;
    /** {@code (boolean, boolean, boolean, boolean)int}: a new socket's number, made or taken from the agent's pool. */
    public static volatile MethodHandle socketCreating;

    /** {@code (ProtocolFamily, FileDescriptor, InetAddress, int)void}: the JDK's {@code Net.bind}, set before server binds are redirected here. */
    public static volatile MethodHandle javaBind;
    /** {@code (FileDescriptor, InetAddress, int)void}: the JDK's {@code Net.bind} of the default family. */
    public static volatile MethodHandle javaBindUnspec;
    /** {@code (FileDescriptor, FileDescriptor, InetSocketAddress[])int}: the JDK's native {@code Net.accept}. */
    public static volatile MethodHandle nativeAccept;
    /** {@code (Object, ProtocolFamily, FileDescriptor, InetAddress, int)boolean}: true when a server bind was taken over (family null: the default). */
    public static volatile MethodHandle listenBind;
    /** {@code (FileDescriptor, FileDescriptor, InetSocketAddress[])int}: 0 to let the JDK accept, else the accept's result. */
    public static volatile MethodHandle accept;
    /** {@code (FileDescriptor)void}: a socket descriptor is about to be closed. */
    public static volatile MethodHandle socketClosing;

    /**
     * {@code (MethodHandle, Object[])Object}: runs a handler with its arguments inside the agent's
     * {@code doPrivileged}, so a SecurityManager judges the agent's frames only; asked only while
     * one is installed (JDK 17-23), and set before any handler slot.
     */
    public static volatile MethodHandle privileged;

    /** {@code (Throwable, long)void}: told of every handler failure with the count so far, to log it. */
    public static volatile MethodHandle failureReport;

    /** Failures inside the agent's handlers, counted here whoever caught them; read by the agent's JMX counters. */
    public static final AtomicLong HANDLER_FAILURES = new AtomicLong();
    public static volatile Throwable lastHandlerFailure;

    private LoopshiftHooks() {
    }

    /**
     * Fills the slot of this name. The agent sets every slot through this one method rather than
     * by reflection on each field: since JDK 18 the first reflective field access builds the
     * method-handle machinery behind {@code Field.set}, which costs milliseconds at start-up.
     */
    public static void fill(String slot, MethodHandle handler) {
        switch (slot) {
            case "nativeConnect0":
                nativeConnect0 = handler;
                break;
            case "connect":
                connect = handler;
                break;
            case "localAddress":
                localAddress = handler;
                break;
            case "setOption":
                setOption = handler;
                break;
            case "getOption":
                getOption = handler;
                break;
            case "connectStarting":
                connectStarting = handler;
                break;
            case "nativeSocket0":
                nativeSocket0 = handler;
                break;
            case "socketCreating":
                socketCreating = handler;
                break;
            case "javaBind":
                javaBind = handler;
                break;
            case "javaBindUnspec":
                javaBindUnspec = handler;
                break;
            case "nativeAccept":
                nativeAccept = handler;
                break;
            case "listenBind":
                listenBind = handler;
                break;
            case "accept":
                accept = handler;
                break;
            case "socketClosing":
                socketClosing = handler;
                break;
            case "privileged":
                privileged = handler;
                break;
            case "failureReport":
                failureReport = handler;
                break;
            default:
                throw new IllegalArgumentException("no slot " + slot);
        }
    }

    /**
     * In place of {@code connect0} inside {@code Net.connect(ProtocolFamily, FileDescriptor,
     * InetAddress, int)}: the agent connects a matching loopback destination its own way, and
     * everything else goes to the JDK's native as before.
     */
    public static int onConnect0(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        MethodHandle handler = connect;
        if (handler != null && remote.isLoopbackAddress()) {
            try {
                int handled = securityManaged() ? (int) privileged(handler, preferIPv6, fd, remote, port) : (int) handler.invokeExact(preferIPv6, fd, remote, port);
                if (handled != 0) {
                    return handled;
                }
            } catch (IOException connectFailure) {
                throw connectFailure;
            } catch (Throwable bug) {
                recordFailure(bug);
            }
        }
        try {
            return (int) nativeConnect0.invokeExact(preferIPv6, fd, remote, port);
        } catch (IOException | RuntimeException | Error jdkFailure) {
            throw jdkFailure;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /**
     * In place of {@code socket0} inside {@code Net.socket(ProtocolFamily, boolean)}, where every
     * client socket of the JDK's socket classes is made: the agent may hand out a TCP socket it
     * kept from a redirect instead of making one.
     */
    public static int onSocket0(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws IOException {
        MethodHandle handler = socketCreating;
        if (handler != null) {
            try {
                return securityManaged() ? (int) privileged(handler, preferIPv6, stream, reuse, fastLoopback) : (int) handler.invokeExact(preferIPv6, stream, reuse, fastLoopback);
            } catch (IOException socketFailure) {
                throw socketFailure;
            } catch (Throwable bug) {
                recordFailure(bug);
            }
        }
        try {
            return (int) nativeSocket0.invokeExact(preferIPv6, stream, reuse, fastLoopback);
        } catch (IOException | RuntimeException | Error jdkFailure) {
            throw jdkFailure;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /**
     * In place of {@code Net.bind(fd, addr, port)} inside {@code NioSocketImpl.bind} and
     * {@code AsynchronousServerSocketChannelImpl.bind}; {@code owner} is the socket impl or channel
     * (the impl serves client sockets too, and the agent tells them apart).
     */
    public static void onServerBind(FileDescriptor fd, InetAddress addr, int port, Object owner) throws IOException {
        if (!listenBind(owner, null, fd, addr, port)) {
            try {
                javaBindUnspec.invokeExact(fd, addr, port);
            } catch (IOException | RuntimeException | Error jdkFailure) {
                throw jdkFailure;
            } catch (Throwable impossible) {
                throw new IOException(impossible);
            }
        }
    }

    /** In place of {@code Net.bind(family, fd, addr, port)} inside {@code ServerSocketChannelImpl.netBind}. */
    public static void onServerFamilyBind(ProtocolFamily family, FileDescriptor fd, InetAddress addr, int port, Object owner) throws IOException {
        if (!listenBind(owner, family, fd, addr, port)) {
            try {
                javaBind.invokeExact(family, fd, addr, port);
            } catch (IOException | RuntimeException | Error jdkFailure) {
                throw jdkFailure;
            } catch (Throwable impossible) {
                throw new IOException(impossible);
            }
        }
    }

    private static boolean listenBind(Object owner, ProtocolFamily family, FileDescriptor fd, InetAddress addr, int port) throws IOException {
        MethodHandle handler = listenBind;
        if (handler == null) {
            return false;
        }
        try {
            return securityManaged() ? (boolean) privileged(handler, owner, family, fd, addr, port) : (boolean) handler.invokeExact(owner, family, fd, addr, port);
        } catch (IOException bindFailure) {
            throw bindFailure;
        } catch (Throwable bug) {
            recordFailure(bug);
            return false;
        }
    }

    /**
     * In place of {@code Net.accept} in the server socket classes: a listener the agent put on a
     * Unix socket accepts through the agent, every other one through the JDK's native.
     */
    public static int onAccept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] isaa) throws IOException {
        MethodHandle handler = accept;
        if (handler != null) {
            try {
                int handled = securityManaged() ? (int) privileged(handler, fd, newfd, isaa) : (int) handler.invokeExact(fd, newfd, isaa);
                if (handled != 0) {
                    return handled;
                }
            } catch (IOException acceptFailure) {
                throw acceptFailure;
            } catch (Throwable bug) {
                recordFailure(bug);
            }
        }
        try {
            return (int) nativeAccept.invokeExact(fd, newfd, isaa);
        } catch (IOException | RuntimeException | Error jdkFailure) {
            throw jdkFailure;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    /** Entry of the socket dispatcher's {@code close(FileDescriptor)}: every close of a socket descriptor. */
    public static void onSocketClose(Object dispatcher, FileDescriptor fd) {
        MethodHandle handler = socketClosing;
        if (handler == null) {
            return;
        }
        try {
            if (securityManaged()) {
                privileged(handler, fd);
            } else {
                handler.invokeExact(fd);
            }
        } catch (Throwable bug) {
            recordFailure(bug);
        }
    }

    /** Entry of {@code Net.localAddress(FileDescriptor)}. */
    public static InetSocketAddress onLocalAddress(FileDescriptor fd) {
        MethodHandle handler = localAddress;
        if (handler == null) {
            return null;
        }
        try {
            return securityManaged() ? (InetSocketAddress) privileged(handler, fd) : (InetSocketAddress) handler.invokeExact(fd);
        } catch (Throwable bug) {
            recordFailure(bug);
            return null;
        }
    }

    /** Entry of {@code Net.setSocketOption(FileDescriptor, ProtocolFamily, SocketOption, Object)}. */
    public static boolean onSetSocketOption(FileDescriptor fd, ProtocolFamily family, SocketOption<?> option, Object value) throws IOException {
        MethodHandle handler = setOption;
        if (handler == null) {
            return false;
        }
        try {
            return securityManaged() ? (boolean) privileged(handler, fd, option, value) : (boolean) handler.invokeExact(fd, (SocketOption<?>) option, value);
        } catch (IOException | IllegalArgumentException rejected) {
            throw rejected;
        } catch (Throwable bug) {
            recordFailure(bug);
            return false;
        }
    }

    /** Entry of {@code Net.getSocketOption(FileDescriptor, ProtocolFamily, SocketOption)}. */
    public static Object onGetSocketOption(FileDescriptor fd, ProtocolFamily family, SocketOption<?> option) {
        MethodHandle handler = getOption;
        if (handler == null) {
            return null;
        }
        try {
            return securityManaged() ? privileged(handler, fd, option) : (Object) handler.invokeExact(fd, (SocketOption<?>) option);
        } catch (Throwable bug) {
            recordFailure(bug);
            return null;
        }
    }

    /** Entry of {@code NioSocketImpl.connect(SocketAddress, int)}: a Socket connect with its timeout. */
    public static void onSocketConnect(Object socketImpl, SocketAddress remote, int millis) {
        connectStarting(socketImpl, remote, millis > 0 ? millis * 1_000_000L : 0, SOCKET);
    }

    /** Entry of {@code SocketChannelImpl.connect(SocketAddress)}: the channel, for its selection keys. */
    public static void onChannelConnect(Object channel, SocketAddress remote) {
        connectStarting(channel, remote, 0, CHANNEL);
    }

    /** Entry of {@code SocketChannelImpl.blockingConnect(SocketAddress, long)}: the socket adaptor's timed connect. */
    public static void onChannelTimedConnect(Object channel, SocketAddress remote, long nanos) {
        connectStarting(channel, remote, nanos > 0 ? nanos : 0, CHANNEL_TIMED);
    }

    private static void connectStarting(Object target, SocketAddress remote, long timeoutNanos, int kind) {
        MethodHandle handler = connectStarting;
        if (handler == null) {
            return;
        }
        try {
            if (securityManaged()) {
                privileged(handler, target, remote, timeoutNanos, kind);
            } else {
                handler.invokeExact(target, remote, timeoutNanos, kind);
            }
        } catch (Throwable bug) {
            recordFailure(bug);
        }
    }

    /** A handler's call through {@link #privileged}: boxes its arguments, which only a JVM with a SecurityManager pays. */
    private static Object privileged(MethodHandle handler, Object... arguments) throws Throwable {
        return (Object) privileged.invokeExact(handler, arguments);
    }

    /** Whether a SecurityManager is installed: asked on every call, since the application may install one at any time (JDK 17). */
    @SuppressWarnings("removal") // gone in JDK 24+, where it always answers null
    private static boolean securityManaged() {
        return System.getSecurityManager() != null;
    }

    /** Counts a failure inside the agent's handlers and reports it; public for the agent to count the ones it catches itself. */
    public static void recordFailure(Throwable bug) {
        long count = HANDLER_FAILURES.incrementAndGet();
        lastHandlerFailure = bug;
        MethodHandle report = failureReport;
        if (report != null) {
            try {
                if (securityManaged()) {
                    privileged(report, bug, count);
                } else {
                    report.invokeExact(bug, count);
                }
            } catch (Throwable reportFailed) {
                // Counted above and kept as the last failure; reporting must never break a connect.
            }
        }
    }
}
