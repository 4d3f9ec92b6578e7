package io.loopshift.it.libraries;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce, Spring Boot's default Redis client, which uses epoll because it finds
 * netty-transport-native-epoll on the class path, against a real redis-server. Each connection is
 * {@code RedisClient.connect()} and a PING. A {@link NettyCustomizer} only looks at the channel
 * Lettuce made, to report its class. Arguments as {@link LibraryCheck}.
 */
public final class LettuceCheck extends LibraryCheck {
    private volatile String channel = "none";
    private final ClientResources resources = ClientResources.builder()
            .nettyCustomizer(new NettyCustomizer() {
                @Override
                public void afterChannelInitialized(Channel initialized) {
                    channel = initialized.getClass().getName();
                }
            })
            .build();
    private RedisClient client;

    private LettuceCheck() {
    }

    public static void main(String[] args) throws Exception {
        new LettuceCheck().run(args);
    }

    @Override
    Server unixServer(Path path) throws Exception {
        return new RedisServer(path, null, 0);
    }

    @Override
    Server tcpServer(String bind, int port) throws Exception {
        return new RedisServer(null, bind, port);
    }

    @Override
    void exchangeOnNewConnection(int port) {
        try (StatefulRedisConnection<String, String> connection = client(port).connect()) {
            ping(connection);
        }
    }

    @Override
    AutoCloseable holdConnection(int port) {
        StatefulRedisConnection<String, String> connection = client(port).connect();
        try {
            ping(connection);
        } catch (RuntimeException failure) {
            connection.close();
            throw failure;
        }
        return connection::close;
    }

    private RedisClient client(int port) {
        if (client == null) {
            client = RedisClient.create(resources, RedisURI.create("127.0.0.1", port));
        }
        return client;
    }

    private static void ping(StatefulRedisConnection<String, String> connection) {
        String answer = connection.sync().ping();
        if (!"PONG".equals(answer)) {
            throw new IllegalStateException("PING answered '" + answer + "'");
        }
    }

    @Override
    String transport() {
        return "epoll_available=" + Epoll.isAvailable() + " channel=" + channel;
    }

    @Override
    void shutdown() throws Exception {
        if (client != null) {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
        resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }
}
