package io.loopshift.sample.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads whole messages from a blocking stream, which must be buffered (the head is read a byte at a time). */
public final class HttpStreams {
    private HttpStreams() {
    }

    /** The next request, or null when the peer closed cleanly between requests. */
    public static HttpRequest readRequest(InputStream in) throws IOException {
        HeadBytes head = readHead(in);
        if (head == null) {
            return null;
        }
        HttpHead parsed = HttpHead.parse(head.bytes, head.length);
        return parsed.toRequest(readBody(in, parsed.contentLength()));
    }

    public static HttpResponse readResponse(InputStream in) throws IOException {
        HeadBytes head = readHead(in);
        if (head == null) {
            throw new EOFException("connection closed before a response");
        }
        HttpHead parsed = HttpHead.parse(head.bytes, head.length);
        return parsed.toResponse(readBody(in, parsed.contentLength()));
    }

    private static HeadBytes readHead(InputStream in) throws IOException {
        byte[] bytes = new byte[1024];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of an HTTP head");
            }
            if (length == bytes.length) {
                if (length >= HttpHead.MAX_BYTES) {
                    throw new IOException("HTTP head longer than " + HttpHead.MAX_BYTES + " bytes");
                }
                bytes = Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
            if (length >= 4 && bytes[length - 4] == '\r' && bytes[length - 3] == '\n' && bytes[length - 2] == '\r' && bytes[length - 1] == '\n') {
                return new HeadBytes(bytes, length);
            }
        }
    }

    private static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    private record HeadBytes(byte[] bytes, int length) {
    }
}
