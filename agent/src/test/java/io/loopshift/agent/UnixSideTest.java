package io.loopshift.agent;

import io.loopshift.agent.config.Fallback;
import io.loopshift.agent.connect.RouteMetrics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The unix: side is made on first need only, once, and what JMX reads of it is null until then. */
class UnixSideTest {

    @Test
    void nothingIsMadeUntilSomethingNeedsIt() {
        UnixSide side = new UnixSide();
        assertNull(side.redirectsIfMade());
        assertNull(side.listenIfMade());
        assertNull(side.poolIfMadeLater().get(), "JMX reads no pool");
        assertNull(side.listenIfMadeLater().get(), "JMX registers no listen rule");
    }

    @Test
    void aUnixRouteMakesTheRedirectsOnceAndTheListenRouterSharesThem() {
        UnixSide side = new UnixSide();
        assertNotNull(side.connector("/tmp/loopshift-unused.sock", Fallback.TCP, new RouteMetrics(), "route #1"));
        assertNotNull(side.redirectsIfMade());
        assertSame(side.redirectsIfMade(), side.redirectsOnFirstUse().get());
        assertSame(side.redirectsIfMade().pool(), side.poolIfMadeLater().get());
        assertNull(side.listenIfMade(), "a unix: route makes no listen router");
        assertSame(side.listenOnFirstUse().get(), side.listen());
        assertSame(side.listen(), side.listenIfMadeLater().get());
    }
}
