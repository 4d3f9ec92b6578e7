package io.loopshift.it.libraries;

import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Attributes;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java through grpc-netty-shaded, the artifact most applications use, which runs on its
 * bundled, relocated epoll transport on Linux. The client is the default one
 * ({@code Grpc.newChannelBuilderForAddress}, nothing about transports set); the service is an echo
 * method declared without protoc. Arguments as {@link LibraryCheck}.
 */
public final class GrpcCheck extends LibraryCheck {
    private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("loopshift.Echo", "Echo"))
            .setRequestMarshaller(UTF8)
            .setResponseMarshaller(UTF8)
            .build();

    /** The class of the frame that delivered the response headers on the transport's thread: the channel's own I/O code. */
    private volatile String readBy = "none";

    private GrpcCheck() {
    }

    public static void main(String[] args) throws Exception {
        new GrpcCheck().run(args);
    }

    @Override
    Server unixServer(Path path) throws Exception {
        Files.deleteIfExists(path);
        EventLoopGroup group = new EpollEventLoopGroup(2);
        return start(NettyServerBuilder.forAddress(new DomainSocketAddress(path.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group), group);
    }

    @Override
    Server tcpServer(String bind, int port) throws Exception {
        return start(NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName(bind), port)), null);
    }

    private static Server start(NettyServerBuilder builder, EventLoopGroup group) throws IOException {
        Addresses addresses = new Addresses();
        ServerServiceDefinition echo = ServerServiceDefinition.builder("loopshift.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        io.grpc.Server server = builder
                .addService(ServerInterceptors.intercept(echo, recordingPeers(addresses)))
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes transport) {
                        addresses.connection(transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), transport.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR));
                        return transport;
                    }
                })
                .build()
                .start();
        return new Server() {
            @Override
            public Addresses addresses() {
                return addresses;
            }

            @Override
            public void close() throws InterruptedException {
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                if (group != null) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
                }
            }
        };
    }

    private static ServerInterceptor recordingPeers(Addresses addresses) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                addresses.address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR));
                return next.startCall(call, headers);
            }
        };
    }

    @Override
    void exchangeOnNewConnection(int port) throws Exception {
        ManagedChannel channel = newChannel(port);
        try {
            echo(channel);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    AutoCloseable holdConnection(int port) throws Exception {
        ManagedChannel channel = newChannel(port);
        try {
            echo(channel);
        } catch (Exception | Error failure) {
            channel.shutdownNow();
            throw failure;
        }
        return () -> channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static ManagedChannel newChannel(int port) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }

    private void echo(ManagedChannel channel) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS).withStreamTracerFactory(new ClientStreamTracer.Factory() {
            @Override
            public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
                return new ClientStreamTracer() {
                    @Override
                    public void inboundHeaders() {
                        readBy = ioFrame();
                    }
                };
            }
        });
        String answer = ClientCalls.blockingUnaryCall(channel, ECHO, options, "ping");
        if (!answer.equals("ping")) {
            throw new IllegalStateException("echo answered '" + answer + "'");
        }
    }

    /** The innermost frame of a Netty transport package (epoll, nio, kqueue, io_uring) on the calling thread's stack. */
    private static String ioFrame() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.matches("(.*\\.)?io\\.netty\\.channel\\.(epoll|nio|kqueue|uring|socket\\.nio)\\..*"))
                .findFirst()
                .orElse("none"));
    }

    @Override
    String transport() {
        return "epoll_available=" + Epoll.isAvailable() + " channel=" + defaultClientChannelType() + " read_by=" + readBy;
    }

    /** The channel class gRPC's builder uses when the application names none: package-private in grpc-netty, so read reflectively. */
    private static String defaultClientChannelType() {
        try {
            java.lang.reflect.Field field = Class.forName("io.grpc.netty.shaded.io.grpc.netty.Utils").getDeclaredField("DEFAULT_CLIENT_CHANNEL_TYPE");
            field.setAccessible(true);
            return ((Class<?>) field.get(null)).getName();
        } catch (ReflectiveOperationException e) {
            return "unknown(" + e.getClass().getSimpleName() + ")";
        }
    }

    @Override
    void shutdown() {
        // Channels and servers are closed where they are used; gRPC's shared event loops are daemon threads.
    }
}
