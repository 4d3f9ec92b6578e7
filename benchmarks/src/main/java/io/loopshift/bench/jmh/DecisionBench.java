package io.loopshift.bench.jmh;

import io.loopshift.agent.boot.LoopshiftHooks;
import io.loopshift.agent.config.AgentSettings;
import io.loopshift.agent.config.SettingsReader;
import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.RouteTable;
import io.loopshift.agent.connect.RouteTableBuilder;
import io.loopshift.agent.connect.unix.UnixRedirects;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the agent decides on each connect, in ns and bytes allocated.
 *
 * <ul>
 * <li>{@code match*}: {@link RouteTable#match}, the route lookup, for a destination a route takes
 *     (127.0.0.1:3000, the last route of the table) and one no route takes (127.0.0.1:9999).
 * <li>{@code hook*}: the whole untouched path from the woven line of {@code Net.connect}:
 *     {@link LoopshiftHooks#onConnect0} (the same class the agent defines in java.base as
 *     {@code sun.nio.ch.LoopshiftHooks}), its loopback check, the {@code MethodHandle} to
 *     {@link ConnectRouter#onConnect} and the lookup, for a non-loopback destination and for a
 *     loopback one no route takes. A match would go on to a real connect, so it is not here.
 * <li>{@code starting*}: {@link ConnectRouter#onConnectStarting}, woven into Socket and channel
 *     connects only when a {@code unix:} route exists: a miss, and a hit on the unix: route
 *     (which records the connect's timeout for the connector).
 * </ul>
 * The table is built from a {@code loopshift.routes} string by the agent's own parser and builder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBench {
    static final Map<String, String> ROUTES = Map.of(
            "one", "127.0.0.1:3000->source:127.0.1.0/24",
            "four", "127.0.0.1:5432->unix:/tmp/loopshift-bench-unused.sock;localhost:8080->dest:127.0.0.0/28;"
                    + "127.0.0.2:6379->source:127.0.2.0/24;127.0.0.1:3000->source:127.0.1.0/24");

    /** {@code one}: a single source: route; {@code four}: unix:, dest:, source:, source:, the matched one last. */
    @Param({"one", "four"})
    public String routes;

    private RouteTable table;
    private ConnectRouter router;
    private InetAddress loopback;
    private InetAddress elsewhere;
    private ProtocolFamily family;
    private FileDescriptor fd;
    private int matchedPort;
    private int otherPort;
    private int unixPort;
    private InetSocketAddress missDestination;
    private InetSocketAddress unixDestination;

    @Setup
    public void setUp() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("loopshift.routes", ROUTES.get(routes));
        AgentSettings settings = SettingsReader.forThisPlatform().read(properties, null);
        table = RouteTableBuilder.build(settings, settings.routes(), new UnixRedirects());
        router = new ConnectRouter(table);
        LoopshiftHooks.connect = router.asHandle();
        // Stands in for the JDK's native connect0, which an untouched connect reaches last: the
        // benchmark measures the hook's own cost, not a system call.
        LoopshiftHooks.nativeConnect0 = MethodHandles.dropArguments(MethodHandles.constant(int.class, 1), 0,
                boolean.class, FileDescriptor.class, InetAddress.class, int.class);
        loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        // Never connected to: only its bytes are compared.
        elsewhere = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        family = StandardProtocolFamily.INET;
        fd = new FileDescriptor();
        matchedPort = 3000;
        otherPort = 9999;
        unixPort = 5432;
        missDestination = new InetSocketAddress(loopback, otherPort);
        unixDestination = new InetSocketAddress(loopback, unixPort);
        if (table.match(loopback, matchedPort) == null || table.match(loopback, otherPort) != null) {
            throw new IllegalStateException("route table does not match as the benchmark expects: " + table.routes());
        }
    }

    @Benchmark
    public Object matchHit() {
        return table.match(loopback, matchedPort);
    }

    @Benchmark
    public Object matchMiss() {
        return table.match(loopback, otherPort);
    }

    @Benchmark
    public int hookMissLoopback() throws IOException {
        return LoopshiftHooks.onConnect0(family != StandardProtocolFamily.INET, fd, loopback, otherPort);
    }

    @Benchmark
    public int hookNonLoopback() throws IOException {
        return LoopshiftHooks.onConnect0(family != StandardProtocolFamily.INET, fd, elsewhere, matchedPort);
    }

    @Benchmark
    public void startingMiss() {
        router.onConnectStarting(null, missDestination, 0, 0);
    }

    @Benchmark
    public void startingUnixHit() {
        router.onConnectStarting(null, unixDestination, 0, 0);
    }
}
