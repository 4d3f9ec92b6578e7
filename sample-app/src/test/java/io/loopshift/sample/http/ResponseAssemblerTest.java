package io.loopshift.sample.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseAssemblerTest {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void completesOnlyWhenTheWholeBodyHasArrivedEvenByteByByte() throws IOException {
        ResponseAssembler assembler = new ResponseAssembler();
        for (int i = 0; i < RESPONSE.length - 1; i++) {
            assertFalse(assembler.add(ByteBuffer.wrap(RESPONSE, i, 1)), "complete after " + (i + 1) + " bytes");
        }
        assertTrue(assembler.add(ByteBuffer.wrap(RESPONSE, RESPONSE.length - 1, 1)));
        HttpResponse response = assembler.response();
        assertEquals(200, response.status());
        assertEquals("hello", response.bodyText());
        assertEquals("text/plain", response.header("content-type"));
    }

    @Test
    void bytesAfterTheResponseAreAnError() throws IOException {
        ResponseAssembler assembler = new ResponseAssembler();
        byte[] tooMuch = (new String(RESPONSE, StandardCharsets.ISO_8859_1) + "extra").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(assembler.add(ByteBuffer.wrap(tooMuch)));
        assertThrows(IOException.class, assembler::response);
    }

    @Test
    void chunkedBodiesAreRefusedRatherThanMisread() {
        byte[] chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IOException.class, () -> new ResponseAssembler().add(ByteBuffer.wrap(chunked)));
    }
}
