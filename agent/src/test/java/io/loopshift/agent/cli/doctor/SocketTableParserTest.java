package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SocketTableParserTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    // Lines as Linux 6.18 printed them (see the fixtures); TIME_WAIT lines are shorter than the others.
    private static final String LISTEN = "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1498281 1 000000007ca95a2a 100 0 0 10 0";
    private static final String ESTABLISHED = "   1: 0100007F:9C40 0100007F:0BB8 01 00000000:00000000 00:00000000 00000000     0        0 1500904 2 000000004b184838 20 0 0 10 -1";
    private static final String TIME_WAIT = "   2: 0100007F:9C42 0100007F:0BB8 06 00000000:00000000 03:00001733 00000000     0        0 0 3 00000000b5bf12f2";

    private final SocketTableParser parser = new SocketTableParser(new ProcAddressDecoder(ByteOrder.LITTLE_ENDIAN));

    @Test
    void readsBothEndsAndTheStateOfEachLine() {
        IpAddress localhost = new IpAddress("127.0.0.1", false, true);
        assertEquals(new TcpSocket(localhost, 3000, new IpAddress("0.0.0.0", false, false), 0, TcpState.LISTEN), parser.parseLine(LISTEN));
        assertEquals(new TcpSocket(localhost, 40000, localhost, 3000, TcpState.ESTABLISHED), parser.parseLine(ESTABLISHED));
        // 03:00001733 is the TIME_WAIT timer with 0x1733 = 5939 ticks of 10 ms left.
        assertEquals(new TcpSocket(localhost, 40002, localhost, 3000, TcpState.TIME_WAIT, 59390), parser.parseLine(TIME_WAIT));
    }

    @Test
    void readsTcp6LinesWithMappedAddresses() {
        String mapped = "   2: 0000000000000000FFFF00000100007F:9C40 0000000000000000FFFF00000100007F:0BB9 06 00000000:00000000 03:00001734 00000000     0        0 0 3 00000000e0be4c20";
        IpAddress localhost = new IpAddress("127.0.0.1", false, true);
        assertEquals(new TcpSocket(localhost, 40000, localhost, 3001, TcpState.TIME_WAIT, 59400), parser.parseLine(mapped));
    }

    @Test
    void knowsEveryStateCodeTheKernelPrints() {
        String[] names = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
        for (int code = 1; code <= names.length; code++) {
            String line = ESTABLISHED.replace(" 01 ", String.format(" %02X ", code));
            assertEquals(names[code - 1], parser.parseLine(line).state().name(), line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "   8: 0100007F:9940 0100007F:0BB8",
            "   9: 0100007G:9942 0100007F:0BB8 01 00000000:00000000",
            "  10: 00007F:9944 0100007F:0BB8 01 00000000:00000000",
            "  11: 0100007F:9946 0100007F:0BB8 ZZ 00000000:00000000",
            "  12: 0100007F:9948 0100007F:0BB8 0D 00000000:00000000",
            "  12: 0100007F:9948 0100007F:0BB8 00 00000000:00000000",
            "  12: 0100007F:9948 0100007F:0BB8 1 00000000:00000000",
            "  13: 0100007F994A 0100007F:0BB8 01 00000000:00000000",
            "  14: 0100007F:994C 0100007F:+BB8 01 00000000:00000000",
            "  14: 0100007F:994 0100007F:0BB8 01 00000000:00000000",
            "  14: 0100007F:994CC 0100007F:0BB8 01 00000000:00000000",
            "  14: 0100007F:994C:0 0100007F:0BB8 01 00000000:00000000",
            "  15  0100007F:994E 0100007F:0BB8 01 00000000:00000000",
            "  x5: 0100007F:994E 0100007F:0BB8 01 00000000:00000000",
            "this line is not a socket",
    })
    void rejectsLinesTheKernelWouldNotPrint(String line) {
        assertNull(parser.parseLine(line));
    }

    @Test
    void skipsTheHeaderAndBlankLinesAndCountsMalformedOnes() throws IOException {
        String text = HEADER + "\n" + LISTEN + "\n" + ESTABLISHED + "\n\n" + "  3: garbage\n" + TIME_WAIT + "\n";
        SocketTable table = parser.parse("net/tcp", new BufferedReader(new StringReader(text)));
        assertEquals(3, table.sockets().size());
        assertEquals(1, table.malformed());
        assertEquals("net/tcp", table.name());
    }

    @Test
    void countsTheMalformedLinesOfTheFixture() throws IOException {
        try (BufferedReader tcp = Files.newBufferedReader(Fixtures.proc("malformed").resolve("net/tcp"), StandardCharsets.ISO_8859_1);
             BufferedReader tcp6 = Files.newBufferedReader(Fixtures.proc("malformed").resolve("net/tcp6"), StandardCharsets.ISO_8859_1)) {
            SocketTable table = parser.parse("net/tcp", tcp);
            assertEquals(8, table.sockets().size());
            assertEquals(9, table.malformed());
            SocketTable table6 = parser.parse("net/tcp6", tcp6);
            assertEquals(2, table6.sockets().size());
            assertEquals(2, table6.malformed());
        }
    }
}
