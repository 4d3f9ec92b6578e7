package io.loopshift.it.apps;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Every way a JDK client opens a TCP connection, each doing one exchange: connect, send a byte,
 * read its echo, close first. Each is a path the agent must rewrite.
 */
public enum ClientApi {
    SOCKET {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
                echoOnce(socket);
            }
        }
    },
    SOCKET_CONNECT {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (Socket socket = new Socket()) {
                socket.connect(target);
                echoOnce(socket);
            }
        }
    },
    SOCKET_TIMEOUT {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (Socket socket = SocketFactory.getDefault().createSocket()) {
                socket.connect(target, 5000);
                socket.setSoTimeout(5000);
                echoOnce(socket);
            }
        }
    },
    /** SSLSocket connects through java.net.Socket; the exchange stops before a handshake. */
    SSL_SOCKET {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (Socket socket = SSLSocketFactory.getDefault().createSocket(target.getAddress(), target.getPort())) {
                if (!socket.isConnected()) {
                    throw new IOException("SSLSocket not connected");
                }
            }
        }
    },
    CHANNEL {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.connect(target);
                echoOnce(channel);
            }
        }
    },
    CHANNEL_OPEN {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (SocketChannel channel = SocketChannel.open(target)) {
                echoOnce(channel);
            }
        }
    },
    /** The channel's socket adaptor with a connect timeout: SocketChannelImpl.blockingConnect. */
    CHANNEL_ADAPTOR {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.socket().connect(target, 5000);
                echoOnce(channel);
            }
        }
    },
    /** Netty NIO's order: register with no interest, connect, then ask for OP_CONNECT. */
    CHANNEL_NONBLOCKING {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            selectorExchange(target, 0);
        }
    },
    /** Registered for OP_CONNECT before the connect is started. */
    CHANNEL_SELECT_CONNECT {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            selectorExchange(target, SelectionKey.OP_CONNECT);
        }
    },
    /** Registered for OP_CONNECT and selected once before the connect: the socket is already in the epoll set. */
    CHANNEL_SELECTED_BEFORE_CONNECT {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            selectorExchange(target, -1);
        }
    },
    ASYNC_FUTURE {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
                channel.connect(target).get(10, TimeUnit.SECONDS);
                asyncEcho(channel);
            }
        }
    },
    ASYNC_HANDLER {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
                CompletableFuture<Void> connected = new CompletableFuture<>();
                channel.connect(target, null, new CompletionHandler<Void, Void>() {
                    @Override
                    public void completed(Void result, Void attachment) {
                        connected.complete(null);
                    }

                    @Override
                    public void failed(Throwable failure, Void attachment) {
                        connected.completeExceptionally(failure);
                    }
                });
                unwrap(connected, 10);
                asyncEcho(channel);
            }
        }
    },
    /** java.net.Socket on a virtual thread (JDK 21+): the fd is non-blocking, the thread parks. */
    VIRTUAL_SOCKET {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            onVirtualThread(() -> {
                SOCKET_TIMEOUT.exchange(target);
                return null;
            });
        }
    },
    VIRTUAL_CHANNEL {
        @Override
        public void exchange(InetSocketAddress target) throws Exception {
            onVirtualThread(() -> {
                CHANNEL.exchange(target);
                return null;
            });
        }
    };

    public abstract void exchange(InetSocketAddress target) throws Exception;

    public boolean needsVirtualThreads() {
        return this == VIRTUAL_SOCKET || this == VIRTUAL_CHANNEL;
    }

    static void echoOnce(Socket socket) throws IOException {
        socket.getOutputStream().write('x');
        InputStream in = socket.getInputStream();
        if (in.read() != 'x') {
            throw new IOException("no echo");
        }
    }

    static void echoOnce(SocketChannel channel) throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {'x'}));
        ByteBuffer reply = ByteBuffer.allocate(1);
        while (reply.hasRemaining()) {
            if (channel.read(reply) < 0) {
                throw new IOException("no echo");
            }
        }
    }

    static void asyncEcho(AsynchronousSocketChannel channel) throws Exception {
        channel.write(ByteBuffer.wrap(new byte[] {'x'})).get(10, TimeUnit.SECONDS);
        ByteBuffer reply = ByteBuffer.allocate(1);
        while (reply.hasRemaining()) {
            if (channel.read(reply).get(10, TimeUnit.SECONDS) < 0) {
                throw new IOException("no echo");
            }
        }
    }

    static void selectorExchange(InetSocketAddress target, int initialInterest) throws Exception {
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, Math.max(initialInterest, 0));
            if (initialInterest < 0) {
                key.interestOps(SelectionKey.OP_CONNECT);
                selector.selectNow();
                selector.selectedKeys().clear();
            }
            if (channel.connect(target)) {
                key.interestOps(SelectionKey.OP_WRITE);
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
            ByteBuffer request = ByteBuffer.wrap(new byte[] {'x'});
            ByteBuffer reply = ByteBuffer.allocate(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reply.hasRemaining()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("selector exchange timed out");
                }
                if (selector.select(1000) == 0) {
                    continue;
                }
                selector.selectedKeys().clear();
                if (key.isConnectable() && channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                } else if (key.isWritable()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable() && channel.read(reply) < 0) {
                    throw new IOException("no echo");
                }
            }
        }
    }

    static void onVirtualThread(Callable<Void> work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                work.call();
                done.complete(null);
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        };
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle start = MethodHandles.publicLookup().findVirtual(builderType, "start", MethodType.methodType(Thread.class, Runnable.class));
            start.invoke(ofVirtual.invoke(), task);
        } catch (ReflectiveOperationException noVirtualThreads) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+", noVirtualThreads);
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
        unwrap(done, 30);
    }

    static void unwrap(Future<Void> future, int seconds) throws Exception {
        try {
            future.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException failure) {
            Throwable cause = failure.getCause();
            throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
        }
    }
}
