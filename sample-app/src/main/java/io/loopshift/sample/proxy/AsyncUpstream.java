package io.loopshift.sample.proxy;

import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.ResponseAssembler;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code async}: {@link AsynchronousSocketChannel} in the default channel group, one per request.
 * The proxy's worker waits on each future with the upstream timeout.
 */
final class AsyncUpstream implements UpstreamClient {
    private final InetSocketAddress upstream;
    private final int timeoutMillis;

    AsyncUpstream(InetSocketAddress upstream, int timeoutMillis) {
        this.upstream = upstream;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public HttpResponse exchange(HttpRequest request) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            await(channel.connect(upstream));
            ByteBuffer out = ByteBuffer.wrap(HttpBytes.of(request));
            while (out.hasRemaining()) {
                await(channel.write(out));
            }
            ResponseAssembler response = new ResponseAssembler();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (!response.isComplete()) {
                if (await(channel.read(in)) < 0) {
                    throw new EOFException("upstream closed before a whole response");
                }
                in.flip();
                response.add(in);
                in.clear();
            }
            return response.response();
        }
    }

    private <T> T await(Future<T> operation) throws Exception {
        try {
            return operation.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            // The channel's own exception (e.g. EADDRNOTAVAIL from connect) is what the error count should name.
            Throwable cause = failed.getCause();
            throw cause instanceof Exception exception ? exception : failed;
        }
    }
}
