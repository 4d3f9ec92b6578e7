package io.loopshift.agent.config;

import io.loopshift.agent.log.LogLevel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentSettingsTest {
    private final RouteParser parser = new RouteParser(new UnixPathRule(107));

    @Test
    void summaryNamesEveryRouteInOrder() throws ConfigException {
        AgentSettings settings = new AgentSettings(true, LogLevel.INFO,
                parser.parse("127.0.0.1:3000->source:127.0.1.0/24;localhost:*->dest:127.0.2.4/31,[::1]:1-9->unix:/tmp/a.sock"), Fallback.FAIL);
        assertEquals("3 routes: #1 127.0.0.1:3000 -> bind source to 127.0.1.0/24 (254 addresses, 127.0.1.1-127.0.1.254); "
                        + "#2 localhost:* -> connect to 127.0.2.4/31 (2 addresses, 127.0.2.4-127.0.2.5); "
                        + "#3 [::1]:1-9 -> unix socket /tmp/a.sock (fallback fail)",
                settings.summary());
        assertTrue(settings.hasRoutes());
        assertTrue(settings.hasUnixRoutes());
    }

    @Test
    void summaryOfOneRoute() throws ConfigException {
        AgentSettings settings = new AgentSettings(true, LogLevel.WARN, parser.parse("127.0.0.1:1->dest:127.0.9.9/32"), Fallback.TCP);
        assertEquals("1 route: #1 127.0.0.1:1 -> connect to 127.0.9.9/32 (1 address, 127.0.9.9-127.0.9.9)", settings.summary());
        assertFalse(settings.hasUnixRoutes());
    }
}
