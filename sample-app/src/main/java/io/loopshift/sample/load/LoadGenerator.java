package io.loopshift.sample.load;

import io.loopshift.sample.http.Header;
import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.HttpStreams;
import io.loopshift.sample.stats.ErrorKind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code concurrency} workers, each on one keep-alive connection, sending requests back to back
 * until the shared request budget or the deadline runs out, whichever comes first. Keep-alive
 * matters: the generator must not exhaust ports itself, only the proxy's upstream side may.
 */
final class LoadGenerator {
    /** After a failed connection a worker pauses this long, so a dead proxy is not hammered in a spin. */
    private static final long RECONNECT_PAUSE_MILLIS = 20;
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress target;
    private final String path;
    private final int concurrency;
    private final AtomicLong budget;
    private final long deadline;
    private final LoadStats stats;

    LoadGenerator(InetSocketAddress target, String path, int concurrency, long requests, long deadline, LoadStats stats) {
        this.target = target;
        this.path = path;
        this.concurrency = concurrency;
        this.budget = new AtomicLong(requests);
        this.deadline = deadline;
        this.stats = stats;
    }

    void run() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(this::work, "load-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            // Every request is bounded by the socket timeout, so workers end shortly after the deadline.
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 2L * SOCKET_TIMEOUT_MILLIS);
        }
    }

    private void work() {
        byte[] request = HttpBytes.of(new HttpRequest("GET", path,
                List.of(new Header("Host", target.getHostString() + ":" + target.getPort()), new Header("User-Agent", "loopshift-sample-load")),
                new byte[0]));
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        while (System.nanoTime() - deadline < 0 && budget.getAndDecrement() > 0) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(target, SOCKET_TIMEOUT_MILLIS);
                    socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                    socket.setTcpNoDelay(true);
                    in = new BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                HttpResponse response = HttpStreams.readResponse(in);
                long nanos = System.nanoTime() - start;
                String upstreamError = response.header("X-Upstream-Error");
                stats.answered(nanos, response.status() == 200,
                        upstreamError != null ? upstreamError : "HTTP_" + response.status());
                if (Header.asksToClose(response.headers())) {
                    socket = closeQuietly(socket);
                }
            } catch (IOException failure) {
                stats.failed("load_" + ErrorKind.of(failure));
                socket = closeQuietly(socket);
                pause();
            }
        }
        closeQuietly(socket);
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Reconnecting anyway.
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
