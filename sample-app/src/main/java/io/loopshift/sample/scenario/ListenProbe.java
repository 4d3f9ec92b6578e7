package io.loopshift.sample.scenario;

import io.loopshift.sample.stats.ErrorKind;
import io.loopshift.sample.stats.SummaryLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a listen rule did to the backend, seen from outside before the load starts: whether its TCP
 * port still accepts (it must refuse: the listener is on the Unix socket instead) and whether the
 * socket file exists. The demo's findings rest on this, not on the rule it was given.
 */
final class ListenProbe {
    private ListenProbe() {
    }

    static SummaryLine probe(int backendPort, Path socket) {
        String tcp;
        try (SocketChannel connected = SocketChannel.open(new InetSocketAddress("127.0.0.1", backendPort))) {
            tcp = "open";
        } catch (IOException refused) {
            tcp = "closed(" + ErrorKind.of(refused) + ")";
        }
        return new SummaryLine("LISTEN").add("tcp_port", tcp).add("socket", Files.exists(socket) ? "exists" : "missing");
    }
}
