package io.loopshift.it.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checker program run in a child JVM inside a private network namespace: fills part of the
 * ephemeral range towards one destination, then runs {@code java -jar agent.jar doctor} and
 * {@code doctor --json} as child processes, which share the namespace, and prints what they said.
 * <p>
 * Arguments: {@code agentJar timeWait established ipv6 settleMillis}. It opens
 * {@code timeWait + established} connections to 127.0.0.1:3000 and closes {@code timeWait} of
 * them client first, so those ports sit in TIME_WAIT; all connects happen before any close, so
 * even with tcp_tw_reuse no connect can take a TIME_WAIT port. Then {@code ipv6} connections to
 * [::1]:3001 stay open, and it waits {@code settleMillis} (2500 makes every TIME_WAIT port older
 * than the 2 s after which tcp_tw_reuse may take it, so the count of young ones is exactly 0). Prints
 * {@code CHECK ...}, then {@code BEGIN doctor <mode> exit=<code>}, the output, {@code END doctor <mode>}.
 */
public final class DoctorCheck {
    static final int IPV4_PORT = 3000;
    static final int IPV6_PORT = 3001;

    private DoctorCheck() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        int timeWait = Integer.parseInt(args[1]);
        int established = Integer.parseInt(args[2]);
        int ipv6 = Integer.parseInt(args[3]);
        long settleMillis = Long.parseLong(args[4]);
        protectTimeWaitFromResets();
        List<Socket> open = new ArrayList<>();
        try (ClientFirstServer server = new ClientFirstServer(InetAddress.getByName("127.0.0.1"), IPV4_PORT);
             ClientFirstServer server6 = ipv6 > 0 ? ipv6Server() : null) {
            List<Socket> closing = new ArrayList<>();
            for (int i = 0; i < timeWait + established; i++) {
                Socket socket = new Socket("127.0.0.1", IPV4_PORT);
                (i < timeWait ? closing : open).add(socket);
            }
            for (Socket socket : closing) {
                socket.close();
            }
            server.awaitClosed(timeWait);
            int ipv6Open = 0;
            if (server6 != null) {
                for (int i = 0; i < ipv6; i++) {
                    open.add(new Socket("::1", IPV6_PORT));
                    ipv6Open++;
                }
            }
            // The server's FIN and the client's last ACK are on their way; let TIME_WAIT settle.
            Thread.sleep(Math.max(300, settleMillis));
            System.out.println("CHECK time_wait=" + timeWait + " established=" + established + " ipv6=" + ipv6Open);
            runDoctor(agentJar, "table");
            runDoctor(agentJar, "json", "--json");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /**
     * A stray RST reaching a TIME_WAIT socket kills it (RFC 1337's "TIME-WAIT assassination"), and
     * the count of TIME_WAIT ports is then one or two short: seen in 2 runs of 11 on a loaded
     * two-core machine (Linux 6.18; nstat showed one TcpOutRsts and no retransmissions). With
     * tcp_rfc1337=1, set only in this private namespace, TIME_WAIT sockets ignore RSTs.
     */
    private static void protectTimeWaitFromResets() {
        try {
            Files.writeString(Paths.get("/proc/sys/net/ipv4/tcp_rfc1337"), "1\n");
        } catch (IOException e) {
            System.out.println("RFC1337 cannot be set, TIME_WAIT counts may be short: " + e);
        }
    }

    /** Null when this namespace has no ::1 (IPv6 disabled): the test then checks IPv4 only. */
    private static ClientFirstServer ipv6Server() {
        try {
            return new ClientFirstServer(InetAddress.getByName("::1"), IPV6_PORT);
        } catch (IOException e) {
            System.out.println("IPV6 unavailable: " + e);
            return null;
        }
    }

    private static void runDoctor(String agentJar, String mode, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-jar", agentJar, "doctor"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String output = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("doctor did not finish: " + command);
        }
        System.out.println("BEGIN doctor " + mode + " exit=" + process.exitValue());
        System.out.print(output);
        System.out.println("END doctor " + mode);
        String stderr = errors.get(10, TimeUnit.SECONDS);
        if (!stderr.isEmpty()) {
            System.out.println("STDERR doctor " + mode + ": " + stderr);
        }
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    /** Accepts connections and closes each one after its client has (read returns -1), so TIME_WAIT lands on the client. */
    static final class ClientFirstServer implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger closed = new AtomicInteger();

        ClientFirstServer(InetAddress address, int port) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(address, port), 1024);
            Thread acceptor = new Thread(this::acceptLoop, "accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread handler = new Thread(() -> closeAfterClient(socket), "handler");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException stopped) {
                    return;
                }
            }
        }

        private void closeAfterClient(Socket socket) {
            try (socket; InputStream in = socket.getInputStream()) {
                while (in.read() >= 0) {
                    // The checker's clients send nothing; wait for their FIN.
                }
            } catch (IOException ignored) {
                // Reset instead of FIN: closed all the same.
            }
            closed.incrementAndGet();
        }

        void awaitClosed(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (closed.get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server closed " + closed.get() + " of " + count + " connections in 30 s");
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
