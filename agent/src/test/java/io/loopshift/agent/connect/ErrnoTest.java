package io.loopshift.agent.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrnoTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot assign requested address|EADDRNOTAVAIL",
            "Address already in use|EADDRINUSE",
            "Connection refused|ECONNREFUSED",
            "No such file or directory|ENOENT",
            "Permission denied|EACCES",
            "Resource temporarily unavailable|EAGAIN",
            "Connection timed out|ETIMEDOUT",
            "Network is unreachable|ENETUNREACH",
            "Too many open files|EMFILE"})
    void strerrorTextNamesTheErrno(String message, String errno) {
        assertEquals(errno, Errno.of(new IOException(message)));
        assertEquals(errno, Errno.of(new SocketException(message)));
    }

    @Test
    void jdkMessagesWithExtraWords() {
        // shapes the JDK's socket implementations put around strerror
        assertEquals("EADDRNOTAVAIL", Errno.of(new BindException("Cannot assign requested address (Bind failed)")));
        assertEquals("EADDRNOTAVAIL", Errno.of(new ConnectException("Cannot assign requested address: connect")));
        assertEquals("EADDRINUSE", Errno.of(new BindException("Address already in use: bind")));
        assertEquals("ECONNREFUSED", Errno.of(new ConnectException("Connection refused")));
        assertEquals("ETIMEDOUT", Errno.of(new ConnectException("Connection timed out (Connection timed out)")));
        assertEquals("ENETUNREACH", Errno.of(new NoRouteToHostException("Network is unreachable: connect")));
        assertEquals("ENOENT", Errno.of(new SocketException("/run/app.sock: No such file or directory")));
    }

    @Test
    void socketTimeoutIsATimeoutWhateverItSays() {
        assertEquals("ETIMEDOUT", Errno.of(new SocketTimeoutException("Connect timed out")));
        assertEquals("ETIMEDOUT", Errno.of(new SocketTimeoutException()));
        assertEquals("ETIMEDOUT", Errno.of(new SocketTimeoutException("Connection refused")));
    }

    @Test
    void unknownOrMissingMessageIsOther() {
        assertEquals("OTHER", Errno.of(new IOException()));
        assertEquals("OTHER", Errno.of(new IOException((String) null)));
        assertEquals("OTHER", Errno.of(new IOException("")));
        assertEquals("OTHER", Errno.of(new SocketException("Connection reset")));
        assertEquals("OTHER", Errno.of(new IOException("connection refused")));
    }
}
