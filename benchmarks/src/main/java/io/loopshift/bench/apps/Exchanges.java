package io.loopshift.bench.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The client side of the three modes, for {@code java.net.Socket} and for {@code SocketChannel}.
 * A Unix target is reached with a {@code SocketChannel} of the UNIX family: {@code java.net.Socket}
 * has no Unix sockets, so the native-Unix variant uses channels for the "socket" cells too.
 */
final class Exchanges {
    private Exchanges() {
    }

    /** Connect timeout of the timed shapes: long enough never to expire on loopback. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    /**
     * Connect, send the 64-byte request, read the 128-byte response, close (the client closes
     * first); or, for the shapes {@code tiny}, {@code tiny-timed}, {@code srvclose} and
     * {@code srvclose-timed}: send 4 bytes, read them back and close, the client first (tiny) or
     * after the server (srvclose), with a connect timeout in the timed shapes (for a channel,
     * through its socket adaptor, as a blocking client library would).
     */
    static CellRunner.Work churn(String api, SocketAddress target, String shape) {
        if (!shape.isEmpty()) {
            return tinyChurn(api, target, shape.startsWith("srvclose"), shape.endsWith("-timed"));
        }
        if (api.equals("socket") && !(target instanceof UnixDomainSocketAddress)) {
            byte[] request = Wire.hello(Wire.CHURN);
            byte[] response = new byte[Wire.RESPONSE];
            return () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(target);
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    readFully(socket.getInputStream(), response, Wire.RESPONSE);
                }
                return 1;
            };
        }
        ByteBuffer request = ByteBuffer.allocateDirect(Wire.HELLO).put(Wire.hello(Wire.CHURN)).flip();
        ByteBuffer response = ByteBuffer.allocateDirect(Wire.RESPONSE);
        return () -> {
            try (SocketChannel channel = open(target)) {
                channel.connect(target);
                BenchServer.writeFully(channel, request);
                if (!BenchServer.readFully(channel, response)) {
                    throw new IOException("server closed before its response");
                }
            }
            return 1;
        };
    }

    private static CellRunner.Work tinyChurn(String api, SocketAddress target, boolean serverCloses, boolean timed) {
        byte[] message = Wire.tiny(serverCloses);
        if (api.equals("socket") && !(target instanceof UnixDomainSocketAddress)) {
            byte[] reply = new byte[Wire.TINY];
            return () -> {
                try (Socket socket = new Socket()) {
                    if (timed) {
                        socket.connect(target, CONNECT_TIMEOUT_MILLIS);
                    } else {
                        socket.connect(target);
                    }
                    socket.getOutputStream().write(message);
                    readFully(socket.getInputStream(), reply, Wire.TINY);
                }
                return 1;
            };
        }
        ByteBuffer request = ByteBuffer.allocateDirect(Wire.TINY).put(message).flip();
        ByteBuffer reply = ByteBuffer.allocateDirect(Wire.TINY);
        return () -> {
            try (SocketChannel channel = open(target)) {
                // A Unix channel has no socket adaptor: the native variant connects untimed.
                if (timed && !(target instanceof UnixDomainSocketAddress)) {
                    channel.socket().connect(target, CONNECT_TIMEOUT_MILLIS);
                } else {
                    channel.connect(target);
                }
                BenchServer.writeFully(channel, request);
                if (!BenchServer.readFully(channel, reply)) {
                    throw new IOException("server closed before its reply");
                }
            }
            return 1;
        };
    }

    /** One connection for the whole cell; each unit is one 64-byte round trip. */
    static CellRunner.Work echo(String api, SocketAddress target) {
        try {
            if (api.equals("socket") && !(target instanceof UnixDomainSocketAddress)) {
                Socket socket = new Socket();
                socket.connect(target);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] message = Wire.hello(Wire.ECHO);
                byte[] reply = new byte[Wire.HELLO];
                return new CellRunner.Work() {
                    @Override
                    public long once() throws IOException {
                        out.write(message);
                        readFully(in, reply, Wire.HELLO);
                        return 1;
                    }

                    @Override
                    public void finish() {
                        closeQuietly(socket);
                    }
                };
            }
            SocketChannel channel = open(target);
            channel.connect(target);
            if (!(target instanceof UnixDomainSocketAddress)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ByteBuffer message = ByteBuffer.allocateDirect(Wire.HELLO).put(Wire.hello(Wire.ECHO)).flip();
            ByteBuffer reply = ByteBuffer.allocateDirect(Wire.HELLO);
            return new CellRunner.Work() {
                @Override
                public long once() throws IOException {
                    BenchServer.writeFully(channel, message);
                    if (!BenchServer.readFully(channel, reply)) {
                        throw new IOException("server closed the echo connection");
                    }
                    return 1;
                }

                @Override
                public void finish() {
                    closeQuietly(channel);
                }
            };
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** One connection for the whole cell; the server streams, each unit is the bytes of one read. */
    static CellRunner.Work bulk(String api, SocketAddress target) {
        try {
            if (api.equals("socket") && !(target instanceof UnixDomainSocketAddress)) {
                Socket socket = new Socket();
                socket.connect(target);
                socket.getOutputStream().write(Wire.hello(Wire.BULK));
                InputStream in = socket.getInputStream();
                byte[] chunk = new byte[Wire.CHUNK];
                return new CellRunner.Work() {
                    @Override
                    public long once() throws IOException {
                        int n = in.read(chunk);
                        if (n < 0) {
                            throw new IOException("server closed the bulk connection");
                        }
                        return n;
                    }

                    @Override
                    public void finish() {
                        closeQuietly(socket);
                    }
                };
            }
            SocketChannel channel = open(target);
            channel.connect(target);
            BenchServer.writeFully(channel, ByteBuffer.allocateDirect(Wire.HELLO).put(Wire.hello(Wire.BULK)).flip());
            ByteBuffer chunk = ByteBuffer.allocateDirect(Wire.CHUNK);
            return new CellRunner.Work() {
                @Override
                public long once() throws IOException {
                    chunk.clear();
                    int n = channel.read(chunk);
                    if (n < 0) {
                        throw new IOException("server closed the bulk connection");
                    }
                    return n;
                }

                @Override
                public void finish() {
                    closeQuietly(channel);
                }
            };
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static SocketChannel open(SocketAddress target) throws IOException {
        return target instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    }

    private static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                throw new IOException("server closed after " + read + " of " + length + " bytes");
            }
            read += n;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // End of a cell: nothing depends on it.
        }
    }
}
