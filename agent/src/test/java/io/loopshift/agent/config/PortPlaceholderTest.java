package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PortPlaceholderTest {
    @Test
    void everyPercentPIsThePort() {
        assertEquals("/run/app/3000.sock", PortPlaceholder.expand("/run/app/%p.sock", 3000));
        assertEquals("/run/3000/3000.sock", PortPlaceholder.expand("/run/%p/%p.sock", 3000));
        assertEquals("/run/app.sock", PortPlaceholder.expand("/run/app.sock", 3000));
    }

    @Test
    void anyOtherPercentSequenceIsReported() {
        assertNull(PortPlaceholder.unknownPlaceholder("/run/%p.sock"));
        assertEquals("%d", PortPlaceholder.unknownPlaceholder("/run/%p-%d.sock"));
        assertEquals("%", PortPlaceholder.unknownPlaceholder("/run/app%"));
        assertEquals("%%", PortPlaceholder.unknownPlaceholder("/run/100%%"));
    }

    @Test
    void theLengthLimitCountsAFiveDigitPort() throws ConfigException {
        UnixPathRule rule = new UnixPathRule(20);
        assertEquals("/abcdefghijklmn%p", rule.check("/abcdefghijklmn%p", "R"));  // 20 bytes with 65535
        ConfigException bad = assertThrows(ConfigException.class, () -> rule.check("/abcdefghijklmno%p", "R"));
        assertEquals("loopshift.routes: unix: path '/abcdefghijklmno%p' in route 'R' is 21 bytes with a five-digit port, longer than this platform's"
                + " limit of 20 (sun_path); use a shorter path or a symlinked directory", bad.getMessage());
    }
}
