package io.loopshift.it.epoll;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loopshift.listen} does not move Netty's native epoll servers: a real
 * {@code EpollServerSocketChannel} (Netty 4.2) on two ports a rule matches keeps serving on TCP,
 * no socket file appears, the rule counts both in JMX ({@code NotCovered}), and exactly one WARN
 * names the transport, the rule and the switch to Netty's NIO transport.
 */
class NettyEpollServerIT {
    @Test
    void anEpollServerAListenRuleMatchesStaysOnTcpWithOneWarning(@TempDir Path directory) throws Exception {
        ChildJvm.Result result = ChildJvm.main(EpollServerCheck.class).classPath(NettyEpollIT.nettyClassPath())
                .withAgent("loopshift.listen", "127.0.0.1:*->unix:" + directory + "/%p.sock").args(directory).run();
        String warning = "[loopshift] WARN Netty's epoll transport";
        System.out.println("netty epoll server: " + result.output().lines().filter(line -> line.startsWith("SERVER") || line.startsWith("JMX")).toList()
                + " | " + result.line(warning));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("io.netty.channel.epoll.EpollServerSocketChannel", result.value("TRANSPORT", "channel"), result.describe());
        assertEquals("true", result.value("TRANSPORT", "epoll"), result.describe());
        assertEquals(2, result.output().lines().filter(line -> line.startsWith("SERVER port=") && line.contains(" echo=ping socketFile=false ")).count(),
                result.describe());
        assertEquals(1, result.output().split(Pattern.quote(warning), -1).length - 1, result.describe());
        String line = result.line(warning);
        // Ports the kernel picks: a fixed port in the host's ephemeral range can be taken by any connection.
        long firstPort = result.number("SERVER", "port");
        assertTrue(line.contains("(io.netty.channel.epoll.LinuxSocket) listens on 127.0.0.1:" + firstPort + ", which listen rule #1 (")
                && line.contains("127.0.0.1:*->unix:" + directory + "/%p.sock") && line.contains("stays on TCP")
                && line.contains("-Dio.netty.transport.noNative=true"), line);
        assertEquals(2, result.number("JMX", "notCovered"), result.describe());
        assertEquals(0, result.number("JMX", "bound"), result.describe());
    }
}
