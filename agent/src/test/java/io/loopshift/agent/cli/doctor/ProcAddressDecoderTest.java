package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProcAddressDecoderTest {
    private final ProcAddressDecoder littleEndian = new ProcAddressDecoder(ByteOrder.LITTLE_ENDIAN);
    private final ProcAddressDecoder bigEndian = new ProcAddressDecoder(ByteOrder.BIG_ENDIAN);

    @ParameterizedTest
    @CsvSource({
            // hex as an x86 kernel prints it, text, IPv6, loopback
            "0100007F, 127.0.0.1, false, true",
            "0200007F, 127.0.0.2, false, true",
            "0001007F, 127.0.1.0, false, true",
            "0500000A, 10.0.0.5, false, false",
            "1401A8C0, 192.168.1.20, false, false",
            "00000000, 0.0.0.0, false, false",
            "00000000000000000000000001000000, ::1, true, true",
            "00000000000000000000000000000000, ::, true, false",
            "0000000000000000FFFF00000100007F, 127.0.0.1, false, true",
            "0000000000000000FFFF00000200007F, 127.0.0.2, false, true",
            "0000000000000000FFFF00000500000A, 10.0.0.5, false, false",
            "B80D0120000000000000000005000000, 2001:db8::5, true, false",
            "000080FE000000000000000001000000, fe80::1, true, false",
            "00000000000000000000000002000000, ::2, true, false",
            "000000000000000000000000FFFF0000, ::ffff, true, false",
    })
    void decodesLittleEndianWords(String hex, String text, boolean ipv6, boolean loopback) {
        assertEquals(new IpAddress(text, ipv6, loopback), littleEndian.decode(hex));
    }

    @Test
    void decodesBigEndianWords() {
        assertEquals(new IpAddress("127.0.0.1", false, true), bigEndian.decode("7F000001"));
        assertEquals(new IpAddress("::1", true, true), bigEndian.decode("00000000000000000000000000000001"));
        assertEquals(new IpAddress("127.0.0.1", false, true), bigEndian.decode("00000000000000000000FFFF7F000001"));
        assertEquals(new IpAddress("2001:db8::5", true, false), bigEndian.decode("20010DB8000000000000000000000005"));
    }

    @Test
    void acceptsLowerCaseHex() {
        assertEquals(new IpAddress("2001:db8::5", true, false), littleEndian.decode("b80d0120000000000000000005000000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0100007", "010000007F", "0100007G", "+100007F", "-100007F", "0000000000000000000000001000000",
            "000000000000000000000000010000000", "0000000000000000000000000100000 "})
    void rejectsWhatIsNotAnAddress(String hex) {
        assertNull(littleEndian.decode(hex));
    }

    @Test
    void writesAddressesWithPorts() {
        assertEquals("127.0.0.1:3000", littleEndian.decode("0100007F").withPort(3000));
        assertEquals("[::1]:3000", littleEndian.decode("00000000000000000000000001000000").withPort(3000));
    }
}
