package io.loopshift.sample.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes messages as HTTP/1.1 bytes, with a Content-Length from the body (never chunked). */
public final class HttpBytes {
    private HttpBytes() {
    }

    public static byte[] of(HttpRequest request) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        appendHeaders(head, request.headers());
        if (request.body().length > 0) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        return join(head, request.body());
    }

    public static byte[] of(HttpResponse response) {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
        appendHeaders(head, response.headers());
        head.append("Content-Length: ").append(response.body().length).append("\r\n");
        return join(head, response.body());
    }

    private static void appendHeaders(StringBuilder head, List<Header> headers) {
        for (Header header : headers) {
            if (!header.name().equalsIgnoreCase("Content-Length")) {
                head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            }
        }
    }

    private static byte[] join(StringBuilder head, byte[] body) {
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + body.length);
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }
}
