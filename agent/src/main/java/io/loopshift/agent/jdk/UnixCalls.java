package io.loopshift.agent.jdk;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

import static java.lang.invoke.MethodType.methodType;

/**
 * Typed calls into the JDK natives a Unix-socket redirect needs: creating, connecting, binding
 * and accepting on an AF_UNIX socket ({@code UnixDomainSockets}), setting blocking mode and reading descriptor
 * numbers ({@code IOUtil}), and {@code dup}/{@code dup2}/{@code close} ({@code InheritedChannel}). Same
 * signatures on JDK 17 and 25. Initialise only after {@link JavaBaseAccess#open}.
 */
public final class UnixCalls {
    private static final MethodHandle SOCKET;
    private static final MethodHandle CONNECT0;
    private static final MethodHandle BIND0;
    private static final MethodHandle ACCEPT0;
    private static final MethodHandle CONFIGURE_BLOCKING;
    private static final MethodHandle FD_VAL;
    private static final MethodHandle SET_FD_VAL;
    private static final MethodHandle DUP;
    private static final MethodHandle DUP2;
    private static final MethodHandle CLOSE0;

    static {
        try {
            MethodHandles.Lookup unix = JavaBaseAccess.privateLookup("sun.nio.ch.UnixDomainSockets");
            SOCKET = unix.findStatic(unix.lookupClass(), "socket", methodType(FileDescriptor.class));
            CONNECT0 = unix.findStatic(unix.lookupClass(), "connect0", methodType(int.class, FileDescriptor.class, byte[].class));
            BIND0 = unix.findStatic(unix.lookupClass(), "bind0", methodType(void.class, FileDescriptor.class, byte[].class));
            ACCEPT0 = unix.findStatic(unix.lookupClass(), "accept0", methodType(int.class, FileDescriptor.class, FileDescriptor.class, Object[].class));
            MethodHandles.Lookup io = JavaBaseAccess.privateLookup("sun.nio.ch.IOUtil");
            CONFIGURE_BLOCKING = io.findStatic(io.lookupClass(), "configureBlocking", methodType(void.class, FileDescriptor.class, boolean.class));
            FD_VAL = io.findStatic(io.lookupClass(), "fdVal", methodType(int.class, FileDescriptor.class));
            SET_FD_VAL = io.findStatic(io.lookupClass(), "setfdVal", methodType(void.class, FileDescriptor.class, int.class));
            MethodHandles.Lookup inherited = JavaBaseAccess.privateLookup("sun.nio.ch.InheritedChannel");
            DUP = inherited.findStatic(inherited.lookupClass(), "dup", methodType(int.class, int.class));
            DUP2 = inherited.findStatic(inherited.lookupClass(), "dup2", methodType(void.class, int.class, int.class));
            CLOSE0 = inherited.findStatic(inherited.lookupClass(), "close0", methodType(void.class, int.class));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private UnixCalls() {
    }

    public static void verify() {
    }

    /** A new AF_UNIX stream socket, blocking. */
    public static FileDescriptor socket() throws IOException {
        try {
            return (FileDescriptor) SOCKET.invokeExact();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** connect(2) to a path: 1 when connected, {@link #INTERRUPTED} on EINTR, else throws the kernel's error. */
    public static int connect(FileDescriptor fd, byte[] path) throws IOException {
        try {
            return (int) CONNECT0.invokeExact(fd, path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** bind(2) to a path; throws the kernel's error (EADDRINUSE when the path exists). */
    public static void bind(FileDescriptor fd, byte[] path) throws IOException {
        try {
            BIND0.invokeExact(fd, path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * accept(2) on a listening AF_UNIX socket, filling {@code newfd}: 1 when a connection was
     * accepted, else the JDK's IOStatus (-2 none pending on a non-blocking socket, -3 EINTR), as
     * {@code Net.accept} answers for a TCP socket. {@code peerPath[0]} receives the peer's path bytes.
     */
    public static int accept(FileDescriptor fd, FileDescriptor newfd, Object[] peerPath) throws IOException {
        try {
            return (int) ACCEPT0.invokeExact(fd, newfd, peerPath);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static void configureBlocking(FileDescriptor fd, boolean blocking) throws IOException {
        try {
            CONFIGURE_BLOCKING.invokeExact(fd, blocking);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The descriptor number, or -1 when closed. */
    public static int fdVal(FileDescriptor fd) {
        try {
            return (int) FD_VAL.invokeExact(fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * A FileDescriptor for a descriptor number owned by other code (a Netty socket), so the JDK's
     * natives can work on it. It has no cleaner: dropping it closes nothing, and the agent never closes it.
     */
    public static FileDescriptor borrow(int number) {
        FileDescriptor fd = new FileDescriptor();
        try {
            SET_FD_VAL.invokeExact(fd, number);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        return fd;
    }

    /**
     * Makes {@code target} refer to what {@code source} refers to (dup2: atomic, the number is
     * never free in between), then closes {@code source}'s number exactly once and marks its
     * FileDescriptor closed, so no later close can hit a reused number.
     */
    public static void moveOnto(FileDescriptor source, int target) throws IOException {
        int sourceNumber = fdVal(source);
        try {
            DUP2.invokeExact(sourceNumber, target);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            closeQuietly(source);
        }
    }

    /** A second number for the socket {@code number} refers to (dup: no close-on-exec, as the JDK's own sockets). */
    public static int dup(int number) throws IOException {
        try {
            return (int) DUP.invokeExact(number);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** dup(2): a second number for what {@code number} refers to, owned by the caller (close it with {@link #closeQuietly}). */
    public static FileDescriptor duplicate(int number) throws IOException {
        return borrow(dup(number));
    }

    /** Closes a descriptor number this agent owns and no FileDescriptor refers to. */
    public static void closeQuietly(int number) {
        if (number < 0) {
            return;
        }
        try {
            CLOSE0.invokeExact(number);
        } catch (Throwable ignored) {
            // Nothing else refers to this number; a failed close(2) leaves nothing to retry.
        }
    }

    /** Closes a descriptor this agent created and never handed out, and marks it closed. */
    public static void closeQuietly(FileDescriptor fd) {
        int number = fdVal(fd);
        if (number < 0) {
            return;
        }
        try {
            SET_FD_VAL.invokeExact(fd, -1);
            CLOSE0.invokeExact(number);
        } catch (Throwable ignored) {
            // Nothing else refers to this number; a failed close(2) leaves nothing to retry.
        }
    }
}
