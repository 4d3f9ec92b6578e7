package io.loopshift.agent.metrics;

import io.loopshift.agent.connect.ConnectRouter;
import io.loopshift.agent.connect.RouteTable;
import io.loopshift.agent.connect.unix.pool.TcpSocketPool;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pool counters read 0 while no redirect made the pool (source:/dest: routes only), then the pool's own. */
class TotalStatsTest {

    @Test
    void poolCountersReadZeroUntilThePoolIsMadeThenThePools() {
        AtomicReference<TcpSocketPool> made = new AtomicReference<>();
        TotalStats total = new TotalStats(new ConnectRouter(RouteTable.EMPTY), made::get, null);
        assertEquals(0, total.getTcpSocketPoolSize());
        assertEquals(0, total.getTcpSocketPoolReused());
        assertEquals(0, total.getTcpSocketPoolDupFailures());
        TcpSocketPool pool = new TcpSocketPool();
        made.set(pool);
        assertEquals(pool.size(), total.getTcpSocketPoolSize());
        assertEquals(pool.reused(), total.getTcpSocketPoolReused());
        assertEquals(pool.dupFailures(), total.getTcpSocketPoolDupFailures());
        assertEquals(0, total.getNettyConnectsWithoutBacklogRetries(), "Netty not covered");
    }
}
