package io.loopshift.sample.stats;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorKindTest {

    @Test
    void namesExhaustionHoweverTheClientApiWrapsIt() {
        // Socket and SocketChannel throw BindException; HttpClient wraps it in a ConnectException; futures in ExecutionException.
        BindException bind = new BindException("Cannot assign requested address");
        ConnectException wrapped = new ConnectException("connect failed");
        wrapped.initCause(bind);
        assertEquals(ErrorKind.EADDRNOTAVAIL, ErrorKind.of(bind));
        assertEquals(ErrorKind.EADDRNOTAVAIL, ErrorKind.of(wrapped));
        assertEquals(ErrorKind.EADDRNOTAVAIL, ErrorKind.of(new ExecutionException(new IOException("Cannot assign requested address"))));
    }

    @Test
    void otherKindsAreNamedToo() {
        assertEquals("ECONNREFUSED", ErrorKind.of(new ConnectException("Connection refused")));
        assertEquals("TIMEOUT", ErrorKind.of(new SocketTimeoutException("Read timed out")));
        assertEquals("IllegalStateException", ErrorKind.of(new RuntimeException(new IllegalStateException("x"))));
    }
}
