package io.loopshift.sample.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the buffers a non-blocking or asynchronous channel delivers until they make one whole
 * response (head, then Content-Length body bytes), for clients that cannot block on a stream.
 */
public final class ResponseAssembler {
    private byte[] received = new byte[2048];
    private int size;
    private int headEnd = -1;
    private HttpHead head;
    private int contentLength;

    /** Adds the readable bytes of {@code data}; true once the response is complete. */
    public boolean add(ByteBuffer data) throws IOException {
        int count = data.remaining();
        if (size + count > received.length) {
            received = Arrays.copyOf(received, Math.max(received.length * 2, size + count));
        }
        data.get(received, size, count);
        int searchFrom = Math.max(0, size - 3);
        size += count;
        if (head == null) {
            findHead(searchFrom);
        }
        return isComplete();
    }

    public boolean isComplete() {
        return head != null && size - headEnd >= contentLength;
    }

    public HttpResponse response() throws IOException {
        if (!isComplete()) {
            throw new IOException("response incomplete: " + size + " bytes received");
        }
        if (size - headEnd > contentLength) {
            throw new IOException("upstream sent " + (size - headEnd - contentLength) + " bytes after the response");
        }
        return head.toResponse(Arrays.copyOfRange(received, headEnd, headEnd + contentLength));
    }

    private void findHead(int from) throws IOException {
        for (int i = from; i + 3 < size; i++) {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n') {
                headEnd = i + 4;
                head = HttpHead.parse(received, headEnd);
                contentLength = head.contentLength();
                return;
            }
        }
        if (size > HttpHead.MAX_BYTES) {
            throw new IOException("HTTP head longer than " + HttpHead.MAX_BYTES + " bytes");
        }
    }
}
