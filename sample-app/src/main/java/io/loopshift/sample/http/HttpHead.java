package io.loopshift.sample.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The start line and headers of a message, parsed from the bytes before the blank line. */
record HttpHead(String startLine, List<Header> headers) {
    /** Heads longer than this are refused: the sample's messages are a few hundred bytes. */
    static final int MAX_BYTES = 32 * 1024;

    static HttpHead parse(byte[] bytes, int length) throws IOException {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            throw new IOException("HTTP message without a start line");
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                break;
            }
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line '" + lines[i] + "'");
            }
            headers.add(new Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        return new HttpHead(lines[0], headers);
    }

    /** The body length the head announces; chunked bodies are refused because nothing here sends them. */
    int contentLength() throws IOException {
        if (Header.first(headers, "Transfer-Encoding") != null) {
            throw new IOException("Transfer-Encoding is not supported by the sample (only Content-Length bodies)");
        }
        String value = Header.first(headers, "Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            int length = Integer.parseInt(value);
            if (length < 0) {
                throw new NumberFormatException(value);
            }
            return length;
        } catch (NumberFormatException bad) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }

    HttpRequest toRequest(byte[] body) throws IOException {
        String[] parts = startLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("bad request line '" + startLine + "'");
        }
        return new HttpRequest(parts[0], parts[1], headers, body);
    }

    HttpResponse toResponse(byte[] body) throws IOException {
        String[] parts = startLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("bad status line '" + startLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException bad) {
            throw new IOException("bad status line '" + startLine + "'");
        }
        List<Header> kept = new ArrayList<>();
        for (Header header : headers) {
            if (!header.name().equalsIgnoreCase("Content-Length")) {
                kept.add(header);
            }
        }
        return new HttpResponse(status, parts.length > 2 ? parts[2] : "", kept, body);
    }
}
