package io.loopshift.agent.listen;

import io.loopshift.agent.config.ListenRuleParser;
import io.loopshift.agent.config.UnixPathRule;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ListenTableTest {
    private static ListenTable table(String rules) throws Exception {
        return ListenTable.of(new ListenRuleParser(new UnixPathRule(107)).parse(rules));
    }

    private static int matched(ListenTable table, String address, int port) throws Exception {
        ActiveListenRule rule = table.match(InetAddress.getByName(address), port);
        return rule == null ? 0 : rule.rule().index();
    }

    @Test
    void aStarRuleTakesWildcardBindsOnly() throws Exception {
        ListenTable table = table("*:8080->unix:/a.sock");
        assertEquals(1, matched(table, "0.0.0.0", 8080));
        assertEquals(1, matched(table, "::", 8080));
        assertEquals(0, matched(table, "127.0.0.1", 8080));
        assertEquals(0, matched(table, "0.0.0.0", 8081));
    }

    @Test
    void loopbackRulesTakeLoopbackBindsOnly() throws Exception {
        ListenTable table = table("127.0.0.1:3000->unix:/a.sock; localhost:4000->unix:/b.sock; [::1]:5000->unix:/c.sock");
        assertEquals(1, matched(table, "127.0.0.1", 3000));
        assertEquals(0, matched(table, "127.0.0.2", 3000));
        assertEquals(0, matched(table, "0.0.0.0", 3000));
        assertEquals(2, matched(table, "127.0.0.9", 4000));
        assertEquals(2, matched(table, "::1", 4000));
        assertEquals(3, matched(table, "::1", 5000));
        assertEquals(0, matched(table, "127.0.0.1", 5000));
    }

    @Test
    void aRealInterfaceAddressIsNeverTaken() throws Exception {
        assertNull(table("*:*->unix:/a.sock; localhost:*->unix:/b.sock").match(InetAddress.getByName("10.1.2.3"), 80));
    }

    @Test
    void portZeroIsTakenOnlyByAStarPort() throws Exception {
        assertEquals(0, matched(table("127.0.0.1:1-60000->unix:/a.sock"), "127.0.0.1", 0));
        assertEquals(1, matched(table("127.0.0.1:*->unix:/%p.sock"), "127.0.0.1", 0));
        assertEquals(1, matched(table("*:*->unix:/%p.sock"), "0.0.0.0", 0));
    }

    @Test
    void firstMatchWins() throws Exception {
        assertEquals(1, matched(table("127.0.0.1:3000->unix:/a.sock; 127.0.0.0/8:*->unix:/%p.sock"), "127.0.0.1", 3000));
        assertEquals(2, matched(table("127.0.0.1:3000->unix:/a.sock; 127.0.0.0/8:*->unix:/%p.sock"), "127.0.0.1", 3001));
    }
}
