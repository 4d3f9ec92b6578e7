package io.loopshift.it.apps;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Unix-socket server stops and restarts while a client keeps connecting to
 * 127.0.0.1:{@code port} (routed to {@code path}); a TCP echo server also listens on the port,
 * for {@code loopshift.fallback=tcp}. Prints {@code RESULT ok=.. errors=.. wrong_errors=.. tcp=..
 * ok_after_restart=..}. Arguments: {@code path port}.
 */
public final class FaultCheck {
    private FaultCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        long ok = 0;
        long errors = 0;
        long wrongErrors = 0;
        long okAfterRestart = 0;
        String firstError = "none";
        try (EchoServer tcp = new EchoServer("127.0.0.1", port)) {
            UnixEchoServer unix = new UnixEchoServer(path);
            // Phases end on events, not on the clock alone, so a loaded machine cannot skip one:
            // serve until something succeeded, stop until a connect met the gap, restart until a
            // connect succeeded again. Bounded as a whole.
            long start = System.nanoTime();
            long phaseStart = start;
            boolean stopped = false;
            boolean restarted = false;
            long attemptsInGap = 0;
            while (true) {
                long now = System.nanoTime();
                long inPhase = TimeUnit.NANOSECONDS.toMillis(now - phaseStart);
                if (TimeUnit.NANOSECONDS.toMillis(now - start) > 60_000) {
                    break;
                }
                if (!stopped && inPhase > 1000 && ok > 0) {
                    unix.report();
                    unix.close();
                    stopped = true;
                    phaseStart = now;
                } else if (stopped && !restarted && inPhase > 500 && attemptsInGap > 0) {
                    unix = new UnixEchoServer(path);
                    restarted = true;
                    phaseStart = now;
                } else if (restarted && inPhase > 1500 && okAfterRestart > 0) {
                    break;
                }
                if (stopped && !restarted) {
                    attemptsInGap++;
                }
                try {
                    ClientApi.SOCKET.exchange(target);
                    ok++;
                    if (restarted) {
                        okAfterRestart++;
                    }
                } catch (ConnectException expected) {
                    errors++;
                    if (!expected.getMessage().contains(path.toString())) {
                        wrongErrors++;
                    }
                    if (errors == 1) {
                        firstError = expected.getMessage().replace(' ', '_');
                    }
                } catch (Exception other) {
                    errors++;
                    wrongErrors++;
                    other.printStackTrace(System.out);
                }
            }
            unix.report();
            unix.close();
            tcp.report();
            System.out.println("RESULT ok=" + ok + " errors=" + errors + " wrong_errors=" + wrongErrors
                    + " ok_after_restart=" + okAfterRestart + " first_error=" + firstError);
        }
    }
}
