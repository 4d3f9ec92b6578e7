package io.loopshift.sample.http;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpStreamsTest {

    @Test
    void readsKeptAliveRequestsOneAfterAnotherThenNullAtTheEnd() throws IOException {
        HttpRequest first = new HttpRequest("POST", "/a", List.of(new Header("Host", "x"), new Header("Connection", "close")), new byte[] {1, 2, 3});
        HttpRequest second = new HttpRequest("GET", "/b?q=1", List.of(new Header("Host", "x")), new byte[0]);
        byte[] wire = concat(HttpBytes.of(first), HttpBytes.of(second));
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(wire));

        HttpRequest read = HttpStreams.readRequest(in);
        assertEquals("POST", read.method());
        assertEquals("/a", read.target());
        assertArrayEquals(new byte[] {1, 2, 3}, read.body());
        assertTrue(Header.asksToClose(read.headers()));
        assertEquals("/b?q=1", HttpStreams.readRequest(in).target());
        assertNull(HttpStreams.readRequest(in));
    }

    @Test
    void aResponseCutShortIsAnError() {
        byte[] cut = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes();
        assertThrows(EOFException.class, () -> HttpStreams.readResponse(new BufferedInputStream(new ByteArrayInputStream(cut))));
    }

    @Test
    void responsesRoundTrip() throws IOException {
        HttpResponse response = HttpResponse.text(502, "Bad Gateway", "text/plain", "no", new Header("X-Upstream-Error", "EADDRNOTAVAIL"));
        HttpResponse read = HttpStreams.readResponse(new BufferedInputStream(new ByteArrayInputStream(HttpBytes.of(response))));
        assertEquals(502, read.status());
        assertEquals("EADDRNOTAVAIL", read.header("X-Upstream-Error"));
        assertEquals("no", read.bodyText());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
