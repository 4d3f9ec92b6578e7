package io.loopshift.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenRuleParserTest {
    private final ListenRuleParser parser = new ListenRuleParser(new UnixPathRule(107));

    @Test
    void wildcardLoopbackAndIpv6RulesInOrder() throws ConfigException {
        List<ListenRule> rules = parser.parse("*:8080->unix:/run/app/8080.sock; 127.0.0.1:3000-3999->unix:/run/app/%p.sock,[::1]:*->unix:/run/v6/%p.sock");
        assertEquals(3, rules.size());
        ListenRule wildcard = rules.get(0);
        assertTrue(wildcard.wildcard());
        assertNull(wildcard.host());
        assertEquals("/run/app/8080.sock", wildcard.path());
        assertFalse(wildcard.takesEphemeral());
        assertEquals("*:8080", wildcard.match());
        ListenRule range = rules.get(1);
        assertEquals(2, range.index());
        assertTrue(range.host().matchesIpv4(0x7f000001));
        assertTrue(range.ports().contains(3500));
        assertEquals("listen rule #2 (127.0.0.1:3000-3999->unix:/run/app/%p.sock)", range.name());
        assertTrue(rules.get(2).host().ipv6Loopback());
        assertTrue(rules.get(2).takesEphemeral());
    }

    @Test
    void theWildcardWrittenAsAnAddressIsRefusedWithTheRightSpelling() {
        ConfigException bad = assertThrows(ConfigException.class, () -> parser.parse("0.0.0.0:8080->unix:/run/app.sock"));
        assertEquals("loopshift.listen: host '0.0.0.0' in listen rule '0.0.0.0:8080->unix:/run/app.sock' is the wildcard address;"
                + " write * for a server that binds it (e.g. *:8080->unix:/run/app/8080.sock)", bad.getMessage());
    }

    @Test
    void messagesNameTheListenRule() {
        ConfigException host = assertThrows(ConfigException.class, () -> parser.parse("10.0.0.1:80->unix:/a.sock"));
        assertEquals("loopshift.listen: host '10.0.0.1' in listen rule '10.0.0.1:80->unix:/a.sock' is not loopback (must lie in 127.0.0.0/8):"
                + " loopshift only rewrites connections to this machine", host.getMessage());
        ConfigException port = assertThrows(ConfigException.class, () -> parser.parse("*:0->unix:/a.sock"));
        assertEquals("loopshift.listen: port 0 is outside 1-65535 in listen rule '*:0->unix:/a.sock'", port.getMessage());
        ConfigException path = assertThrows(ConfigException.class, () -> parser.parse("*:80->unix:a.sock"));
        assertEquals("loopshift.listen: unix: path 'a.sock' in listen rule '*:80->unix:a.sock' is relative; give an absolute path such as /run/app/app.sock",
                path.getMessage());
    }

    @Test
    void onlyUnixTargets() {
        ConfigException bad = assertThrows(ConfigException.class, () -> parser.parse("127.0.0.1:80->source:127.0.1.0/24"));
        assertEquals("loopshift.listen: listen rule '127.0.0.1:80->source:127.0.1.0/24' has 'source:127.0.1.0/24' after '->' (expected unix:<path>, in lower case)",
                bad.getMessage());
    }

    @Test
    void repeatedMatchesAreRefusedButWildcardAndLoopbackAreDifferentMatches() throws ConfigException {
        assertThrows(ConfigException.class, () -> parser.parse("*:80->unix:/a.sock;*:80->unix:/b.sock"));
        assertThrows(ConfigException.class, () -> parser.parse("localhost:*->unix:/a.sock,LOCALHOST:1-65535->unix:/b.sock"));
        assertEquals(2, parser.parse("*:80->unix:/a.sock;127.0.0.1:80->unix:/b.sock").size());
    }

    @Test
    void emptyValuesAndEmptyRules() {
        assertEquals("loopshift.listen: is empty; give at least one listen rule such as 127.0.0.1:3000->unix:/run/app/3000.sock, or remove the property",
                assertThrows(ConfigException.class, () -> parser.parse(" ")).getMessage());
        assertThrows(ConfigException.class, () -> parser.parse("*:80->unix:/a.sock;"));
    }

    @Test
    void abstractSocketsAreNotListenTargets() {
        assertEquals("loopshift.listen: listen rule '*:80->unix:@app' names an abstract socket '@app'; listen rules take a socket file path such as /run/app/app.sock",
                assertThrows(ConfigException.class, () -> parser.parse("*:80->unix:@app")).getMessage());
    }
}
