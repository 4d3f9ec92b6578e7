package io.loopshift.it.apps;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code threads} threads connecting concurrently for {@code seconds} seconds (Socket and
 * SocketChannel, alternately) to 127.0.0.1:{@code port}, served over TCP or, when {@code path} is
 * given, over a Unix socket. Measures descriptors and heap after GC before and after. Prints
 * {@code LOAD ok=.. errors=.. non_kernel_errors=.. fds_before=.. fds_after=.. heap_before_kb=..
 * heap_after_kb=..}. Arguments: {@code threads seconds serverBind [path port]}.
 */
public final class LoadCheck {
    private static final String[] KERNEL_MESSAGES = {"Cannot assign requested address", "Connection refused",
            "Connection reset", "Broken pipe", "Resource temporarily unavailable", "Connection timed out"};

    private LoadCheck() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        String serverBind = args[2];
        Path unixPath = args.length > 3 ? Path.of(args[3]) : null;
        AutoCloseable server;
        int port;
        if (unixPath != null) {
            server = new UnixEchoServer(unixPath);
            port = Integer.parseInt(args[4]);
        } else {
            EchoServer tcp = new EchoServer(serverBind, 0);
            server = tcp;
            port = tcp.port();
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        try (server) {
            run(threads, 1, target);  // warm-up: JIT, thread pools, lazily created JDK descriptors
            long fdsBefore = descriptors();
            long heapBefore = heapAfterGc();
            AtomicLong[] counts = run(threads, seconds, target);
            long fdsAfter = descriptors();
            long heapAfter = heapAfterGc();
            System.out.println("LOAD ok=" + counts[0].get() + " errors=" + counts[1].get() + " non_kernel_errors=" + counts[2].get()
                    + " fds_before=" + fdsBefore + " fds_after=" + fdsAfter
                    + " heap_before_kb=" + heapBefore / 1024 + " heap_after_kb=" + heapAfter / 1024);
        }
    }

    private static AtomicLong[] run(int threads, int seconds, InetSocketAddress target) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong nonKernel = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ClientApi api = t % 2 == 0 ? ClientApi.SOCKET : ClientApi.CHANNEL;
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        api.exchange(target);
                        ok.incrementAndGet();
                    } catch (Exception failure) {
                        errors.incrementAndGet();
                        if (!byKernel(failure)) {
                            if (nonKernel.incrementAndGet() == 1) {
                                failure.printStackTrace(System.out);
                            }
                        }
                    }
                }
            }, "load-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(seconds + 60));
        }
        return new AtomicLong[] {ok, errors, nonKernel};
    }

    private static boolean byKernel(Exception failure) {
        String message = String.valueOf(failure.getMessage());
        for (String kernel : KERNEL_MESSAGES) {
            if (message.contains(kernel)) {
                return true;
            }
        }
        return false;
    }

    private static long descriptors() throws Exception {
        System.gc();
        Thread.sleep(500);
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
