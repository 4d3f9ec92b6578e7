package io.loopshift.agent.jdk;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.invoke.MethodType.methodType;

/**
 * Carries a descriptor's epoll registrations over a dup2. The kernel drops a socket from every
 * epoll set when its last descriptor goes, so a Netty channel whose socket is replaced by a Unix
 * socket would wait forever for readiness; its later EPOLL_CTL_MOD would fail with ENOENT. Before
 * the dup2 the registrations are read from {@code /proc/self/fdinfo/<epoll fd>} ({@code tfd:},
 * {@code events:} lines, Linux 3.8+), so whatever Netty version registered them and with whatever
 * flags; after it they are added again with the same events through the JDK's own
 * {@code sun.nio.ch.EPoll.ctl} (same signature on JDK 17 and 25), which sets the event data to the
 * descriptor number, as Netty's epoll_ctl does.
 */
public final class EpollSets {
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final String EVENTPOLL = "anon_inode:[eventpoll]";
    private static final MethodHandle CTL;
    private static final MethodHandle CREATE;
    /**
     * The epoll descriptors that existed at this thread's first lookup, the one found last first.
     * A Netty channel is registered with the epoll set of the event loop that connects it, on that
     * loop's thread, and that set was created before the thread ran: so it is in the snapshot,
     * and /proc/self/fd is listed once per thread instead of once per connect.
     */
    private static final ThreadLocal<int[]> SNAPSHOT = new ThreadLocal<>();
    /** The last fdinfo text read on this thread: one line per descriptor in the set, so kept and reused. */
    private static final ThreadLocal<byte[]> FDINFO = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    static {
        try {
            MethodHandles.Lookup epoll = JavaBaseAccess.privateLookup("sun.nio.ch.EPoll");
            CREATE = epoll.findStatic(epoll.lookupClass(), "create", methodType(int.class));
            CTL = epoll.findStatic(epoll.lookupClass(), "ctl", methodType(int.class, int.class, int.class, int.class, int.class));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EpollSets() {
    }

    public static void verify() {
    }

    /** An epoll set holding a descriptor, and the events it waits for. */
    public record Registration(int epollFd, int events) {
    }

    /** Where {@code fd} is registered now, or null when in no epoll set of this thread's event loop (Netty 4.2 adds it only after connect). */
    public static Registration find(int fd) throws IOException {
        int[] epollFds = SNAPSHOT.get();
        if (epollFds == null) {
            epollFds = eventpollDescriptors();
            SNAPSHOT.set(epollFds);
        }
        for (int i = 0; i < epollFds.length; i++) {
            Registration found = registrationIn(epollFds[i], fd);
            if (found != null) {
                if (i > 0) {
                    epollFds[i] = epollFds[0];
                    epollFds[0] = found.epollFd();
                }
                return found;
            }
        }
        return null;
    }

    private static int[] eventpollDescriptors() throws IOException {
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                if (eventpoll(descriptor)) {
                    found.add(Integer.parseInt(descriptor.getFileName().toString()));
                }
            }
        }
        int[] numbers = new int[found.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = found.get(i);
        }
        return numbers;
    }

    /**
     * A new, empty epoll set: a descriptor that never reports readiness (nothing is ever added to
     * it), owned by the caller. Put under a socket's number, it keeps that number's waiters waiting.
     */
    public static FileDescriptor emptySet() throws IOException {
        int number;
        try {
            number = (int) CREATE.invokeExact();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        return UnixCalls.borrow(number);
    }

    /** Adds {@code fd} (now another file under the same number) to the epoll set again with the same events. */
    public static void restore(int fd, Registration registration) throws IOException {
        int errno;
        try {
            errno = (int) CTL.invokeExact(registration.epollFd(), EPOLL_CTL_ADD, fd, registration.events());
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        if (errno != 0) {
            throw new IOException("epoll_ctl(EPOLL_CTL_ADD) of descriptor " + fd + " to epoll " + registration.epollFd() + " failed: errno " + errno);
        }
    }

    /** Takes {@code fd} (the file its number names now) out of the epoll set it is registered in. */
    public static void remove(int fd, Registration registration) throws IOException {
        int errno;
        try {
            errno = (int) CTL.invokeExact(registration.epollFd(), EPOLL_CTL_DEL, fd, 0);
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        if (errno != 0) {
            throw new IOException("epoll_ctl(EPOLL_CTL_DEL) of descriptor " + fd + " from epoll " + registration.epollFd() + " failed: errno " + errno);
        }
    }

    private static boolean eventpoll(Path descriptor) {
        try {
            return EVENTPOLL.equals(Files.readSymbolicLink(descriptor).toString());
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static Registration registrationIn(int epollFd, int fd) {
        byte[] info = FDINFO.get();
        int length = 0;
        try (FileInputStream in = new FileInputStream("/proc/self/fdinfo/" + epollFd)) {
            // The kernel reports no size for this file: read into the thread's buffer, grown as needed, not a fresh copy per read.
            for (int read; (read = in.read(info, length, info.length - length)) > 0; ) {
                length += read;
                if (length == info.length) {
                    info = Arrays.copyOf(info, info.length * 2);
                    FDINFO.set(info);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        long events = EpollFdinfo.eventsOf(info, length, fd);
        return events < 0 ? null : new Registration(epollFd, (int) events);
    }
}
