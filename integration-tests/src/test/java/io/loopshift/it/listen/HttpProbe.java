package io.loopshift.it.listen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.0-style exchange on a NEW connection ({@code Connection: close}) to a TCP address or a
 * {@code UnixDomainSocketAddress}: sends a GET, reads until the server closes, within a deadline.
 */
final class HttpProbe {
    private static final long TIMEOUT_MILLIS = 10_000;

    /** A response: its status code and body, or status -1 and the failure. */
    record Response(int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private HttpProbe() {
    }

    static Response get(SocketAddress address) {
        try (SocketChannel channel = SocketChannel.open(address); Selector selector = Selector.open()) {
            channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("no complete response within " + TIMEOUT_MILLIS + " ms; got: " + received);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int read;
                while ((read = channel.read(buffer.clear())) > 0) {
                    received.write(buffer.array(), 0, read);
                }
                if (read < 0) {
                    return parse(received.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            return new Response(-1, e.toString());
        }
    }

    private static Response parse(String text) {
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            return new Response(-1, "not an HTTP response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        return new Response(status, text.substring(headEnd + 4));
    }
}
