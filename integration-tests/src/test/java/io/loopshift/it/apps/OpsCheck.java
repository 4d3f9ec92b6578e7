package io.loopshift.it.apps;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checker for the agent's operations side, run with routes {@code 127.0.0.1:<rotated>->source:...}:
 * makes {@code matching} exchanges that match route 1 and {@code other} that match nothing, under a
 * JFR recording, then prints what the MXBeans and the recording say:
 * {@code ROUTE1 matched=.. rewritten=..}, {@code TOTAL ...}, {@code JFR connect_events=..}.
 * Arguments: {@code matchingPort matching other}.
 */
public final class OpsCheck {
    private OpsCheck() {
    }

    public static void main(String[] args) throws Exception {
        int matchingPort = Integer.parseInt(args[0]);
        int matching = Integer.parseInt(args[1]);
        int other = Integer.parseInt(args[2]);
        Path recordingFile = Files.createTempFile("loopshift", ".jfr");
        try (EchoServer routed = new EchoServer("127.0.0.1", matchingPort);
             EchoServer untouched = new EchoServer("127.0.0.1", 0);
             Recording recording = new Recording()) {
            recording.enable("loopshift.Connect");
            recording.start();
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < matching; i++) {
                ClientApi.SOCKET.exchange(new InetSocketAddress(loopback, routed.port()));
            }
            for (int i = 0; i < other; i++) {
                ClientApi.CHANNEL.exchange(new InetSocketAddress(loopback, untouched.port()));
            }
            recording.stop();
            recording.dump(recordingFile);
            printMBeans();
            List<RecordedEvent> events = RecordingFile.readAllEvents(recordingFile);
            long connects = events.stream().filter(e -> e.getEventType().getName().equals("loopshift.Connect")).count();
            RecordedEvent first = events.stream().filter(e -> e.getEventType().getName().equals("loopshift.Connect")).findFirst().orElseThrow();
            System.out.println("JFR connect_events=" + connects + " action=" + first.getString("action") + " original=" + first.getString("original")
                    + " rewritten=" + first.getString("rewritten") + " outcome=" + first.getString("outcome").replace(' ', '_')
                    + " has_duration=" + !first.getDuration().isNegative());
        } finally {
            Files.deleteIfExists(recordingFile);
        }
    }

    private static void printMBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName route = new ObjectName("loopshift:type=Route,name=1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isRegistered(route)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("loopshift MXBeans never registered");
            }
            Thread.sleep(100);
        }
        ObjectName total = new ObjectName("loopshift:type=Total");
        System.out.println("ROUTE1 " + describe(server, route));
        System.out.println("TOTAL " + describe(server, total, "TcpSocketPoolSize", "TcpSocketPoolReused", "TcpSocketPoolDupFailures",
                "NettyConnectsWithoutBacklogRetries", "HandlerFailures"));
    }

    private static String describe(MBeanServer server, ObjectName name, String... more) throws Exception {
        StringBuilder line = new StringBuilder();
        List<String> attributes = new java.util.ArrayList<>(List.of("Matched", "Rewritten", "Fallbacks", "Failures", "RotationPosition", "PoolSize", "Action"));
        attributes.addAll(List.of(more));
        for (String attribute : attributes) {
            line.append(Character.toLowerCase(attribute.charAt(0))).append(attribute.substring(1)).append('=')
                    .append(server.getAttribute(name, attribute)).append(' ');
        }
        return line.toString().trim();
    }
}
