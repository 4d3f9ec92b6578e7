package io.loopshift.agent.jdk;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;

import static java.lang.invoke.MethodType.methodType;

/**
 * Typed calls into {@code sun.nio.ch.Net}'s private natives, the same ones the JDK's socket code
 * uses, so a rewritten connect behaves (and fails) exactly as the JDK's own. The signatures are
 * the same on JDK 17, 21 and 25 (checked against their sources). Initialise this class
 * only after {@link JavaBaseAccess#open}.
 */
public final class NetCalls {
    /** IOStatus.UNAVAILABLE: a non-blocking connect is in progress. */
    public static final int IN_PROGRESS = -2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_REUSEADDR = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SO_DOMAIN = 39;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_IP = 0;
    /** Linux IP_BIND_ADDRESS_NO_PORT: bind the address now, choose the port per 4-tuple at connect. */
    private static final int IP_BIND_ADDRESS_NO_PORT = 24;
    private static final int POLLOUT = 0x0004;
    private static final int POLLERR = 0x0008;
    private static final int POLLHUP = 0x0010;

    private static final MethodHandle CONNECT0;
    private static final MethodHandle SOCKET0;

    static {
        try {
            MethodHandles.Lookup net = JavaBaseAccess.privateLookup("sun.nio.ch.Net");
            Class<?> type = net.lookupClass();
            CONNECT0 = net.findStatic(type, "connect0", methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class));
            SOCKET0 = net.findStatic(type, "socket0", methodType(int.class, boolean.class, boolean.class, boolean.class, boolean.class));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NetCalls() {
    }

    /**
     * Forces initialisation of what the hooks class needs on every socket, so a missing JDK
     * method fails at start-up rather than on a connect. It looks methods up without running
     * any: {@code sun.nio.ch.Net} stays uninitialised, its native library not loaded, until a
     * socket needs it.
     */
    public static void verify() {
    }

    /**
     * Looks up the calls that only a rewritten connect or a redirected socket makes. From premain
     * this runs on the check thread that routed connects wait for, not in premain: each lookup
     * makes the JVM generate code (lambda forms) that the application's main need not wait for.
     */
    public static void verifyRewriteCalls() {
        RewriteCalls.verify();
        OptionCalls.verify();
    }

    /** Looks up the calls that the listen hooks make, which include a rewrite's. */
    public static void verifyListenCalls() {
        verifyRewriteCalls();
        ListenCalls.verify();
    }

    /** Net.UNSPEC, the family the JDK uses for options that do not depend on it (TCP_NODELAY). */
    public static ProtocolFamily unspec() {
        return OptionCalls.UNSPEC;
    }

    /** The JDK's private native {@code Net.connect0}, for the hooks class to call where it replaced the call. */
    public static MethodHandle nativeConnect0() {
        return CONNECT0;
    }

    /** {@code Net.bind(ProtocolFamily, FileDescriptor, InetAddress, int)}, for the hooks class to call where it took over the call. */
    public static MethodHandle javaBind() {
        return RewriteCalls.BIND;
    }

    /** {@code Net.bind(FileDescriptor, InetAddress, int)}: the default family's bind. */
    public static MethodHandle javaBindUnspec() {
        return ListenCalls.BIND_UNSPEC;
    }

    /** The JDK's private native {@code Net.socket0(preferIPv6, stream, reuse, fastLoopback)}, for the hooks class to call where it replaced the call. */
    public static MethodHandle nativeSocket0() {
        return SOCKET0;
    }

    /** The JDK's public native {@code Net.accept(FileDescriptor, FileDescriptor, InetSocketAddress[])}. */
    public static MethodHandle nativeAccept() {
        return ListenCalls.ACCEPT;
    }

    /** A new TCP socket of the JDK's default family for this address family (UNSPEC: dual-stack where IPv6 is available). */
    public static FileDescriptor streamSocket(ProtocolFamily family) throws IOException {
        try {
            return (FileDescriptor) ListenCalls.SOCKET.invokeExact(family, true);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A new socket's number, made as {@code Net.socket0} makes it. */
    public static int socket0(boolean preferIPv6, boolean stream, boolean reuse, boolean fastLoopback) throws IOException {
        try {
            return (int) SOCKET0.invokeExact(preferIPv6, stream, reuse, fastLoopback);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Binds like {@code Net.bind(family, fd, local, port)}. */
    public static void bind(ProtocolFamily family, FileDescriptor fd, InetAddress local, int port) throws IOException {
        try {
            RewriteCalls.BIND.invokeExact(family, fd, local, port);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Connects like {@code Net.connect(family, fd, remote, port)}: 1 connected, {@link #IN_PROGRESS}, or throws. */
    public static int connect(ProtocolFamily family, FileDescriptor fd, InetAddress remote, int port) throws IOException {
        boolean preferIPv6 = RewriteCalls.IPV6_AVAILABLE && family != StandardProtocolFamily.INET;
        try {
            return (int) CONNECT0.invokeExact(preferIPv6, fd, remote, port);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static void bind(ProtocolFamily family, FileDescriptor fd, InetAddress local) throws IOException {
        bind(family, fd, local, 0);
    }

    /** The socket's bound local port, 0 while unbound. */
    public static int localPort(FileDescriptor fd) throws IOException {
        try {
            return (int) RewriteCalls.LOCAL_PORT.invokeExact(fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** True for TCP (SOCK_STREAM); UDP sockets reach Net.connect too and must stay untouched. */
    public static boolean isStream(FileDescriptor fd) throws IOException {
        return getIntOption(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM;
    }

    /** True for an AF_INET6 socket (dual-stack, as Netty and the JDK create them where IPv6 is available). */
    public static boolean isIpv6Socket(FileDescriptor fd) throws IOException {
        return getIntOption(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET6;
    }

    /** Sets IP_BIND_ADDRESS_NO_PORT; false where the kernel does not know it. */
    public static boolean setBindAddressNoPort(FileDescriptor fd) {
        try {
            RewriteCalls.SET_INT_OPTION0.invokeExact(fd, false, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1, false);
            return true;
        } catch (Throwable unsupported) {
            return false;
        }
    }

    /** True when a non-blocking connect has already failed (POLLERR or POLLHUP), without consuming the error. */
    public static boolean connectFailedAlready(FileDescriptor fd) throws IOException {
        try {
            int events = (int) RewriteCalls.POLL.invokeExact(fd, POLLOUT, 0L);
            return (events & (POLLERR | POLLHUP)) != 0;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The JDK's own read of a socket option, as {@code Socket.getOption} would do it. */
    public static Object getSocketOption(FileDescriptor fd, ProtocolFamily family, SocketOption<?> option) throws IOException {
        try {
            return (Object) OptionCalls.GET_SOCKET_OPTION.invokeExact(fd, family, option);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** SO_REUSEADDR, which a server socket carries from TCP to the Unix socket put in its place. */
    public static boolean reuseAddress(FileDescriptor fd) throws IOException {
        return getIntOption(fd, SOL_SOCKET, SO_REUSEADDR) != 0;
    }

    public static void setReuseAddress(FileDescriptor fd, boolean on) throws IOException {
        try {
            RewriteCalls.SET_INT_OPTION0.invokeExact(fd, false, SOL_SOCKET, SO_REUSEADDR, on ? 1 : 0, false);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** setsockopt with an int argument, as the JDK's own native sets it (SO_LINGER: the seconds, or -1 for off). */
    public static void setIntOption(FileDescriptor fd, int level, int option, int value) throws IOException {
        try {
            RewriteCalls.SET_INT_OPTION0.invokeExact(fd, false, level, option, value, false);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static int getIntOption(FileDescriptor fd, int level, int option) throws IOException {
        try {
            return (int) RewriteCalls.GET_INT_OPTION0.invokeExact(fd, false, level, option);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The calls of a rewritten connect: bind, getsockname, socket options as ints, poll. */
    private static final class RewriteCalls {
        static final boolean IPV6_AVAILABLE;
        static final MethodHandle BIND;
        static final MethodHandle LOCAL_PORT;
        static final MethodHandle GET_INT_OPTION0;
        static final MethodHandle SET_INT_OPTION0;
        static final MethodHandle POLL;

        static {
            try {
                MethodHandles.Lookup net = JavaBaseAccess.privateLookup("sun.nio.ch.Net");
                Class<?> type = net.lookupClass();
                BIND = net.findStatic(type, "bind", methodType(void.class, ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class));
                LOCAL_PORT = net.findStatic(type, "localPort", methodType(int.class, FileDescriptor.class));
                GET_INT_OPTION0 = net.findStatic(type, "getIntOption0", methodType(int.class, FileDescriptor.class, boolean.class, int.class, int.class));
                SET_INT_OPTION0 = net.findStatic(type, "setIntOption0", methodType(void.class, FileDescriptor.class, boolean.class, int.class, int.class, int.class, boolean.class));
                POLL = net.findStatic(type, "poll", methodType(int.class, FileDescriptor.class, int.class, long.class));
                IPV6_AVAILABLE = (boolean) net.findStatic(type, "isIPv6Available", MethodType.methodType(boolean.class)).invokeExact();
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private RewriteCalls() {
        }

        static void verify() {
        }
    }

    /** The JDK's own reading of a socket option, which a redirected socket answers TCP-only options with. */
    private static final class OptionCalls {
        static final MethodHandle GET_SOCKET_OPTION;
        static final ProtocolFamily UNSPEC;

        static {
            try {
                MethodHandles.Lookup net = JavaBaseAccess.privateLookup("sun.nio.ch.Net");
                Class<?> type = net.lookupClass();
                GET_SOCKET_OPTION = net.findStatic(type, "getSocketOption", methodType(Object.class, FileDescriptor.class, ProtocolFamily.class, SocketOption.class));
                UNSPEC = (ProtocolFamily) net.findStaticGetter(type, "UNSPEC", ProtocolFamily.class).invokeExact();
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private OptionCalls() {
        }

        static void verify() {
        }
    }

    /** The calls of the listen hooks: the JDK's bind of the default family, its socket and accept. */
    private static final class ListenCalls {
        static final MethodHandle BIND_UNSPEC;
        static final MethodHandle SOCKET;
        static final MethodHandle ACCEPT;

        static {
            try {
                MethodHandles.Lookup net = JavaBaseAccess.privateLookup("sun.nio.ch.Net");
                Class<?> type = net.lookupClass();
                BIND_UNSPEC = net.findStatic(type, "bind", methodType(void.class, FileDescriptor.class, InetAddress.class, int.class));
                SOCKET = net.findStatic(type, "socket", methodType(FileDescriptor.class, ProtocolFamily.class, boolean.class));
                ACCEPT = net.findStatic(type, "accept", methodType(int.class, FileDescriptor.class, FileDescriptor.class, InetSocketAddress[].class));
            } catch (Throwable e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private ListenCalls() {
        }

        static void verify() {
        }
    }
}
