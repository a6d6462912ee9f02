package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void packPutsAddressAboveThePort() {
        long endpoint = Endpoint.pack(0x0A000001, 8080);
        assertEquals(0x0A000001L << 16 | 8080, endpoint);
        assertEquals(0x0A000001, Endpoint.address(endpoint));
        assertEquals(8080, Endpoint.port(endpoint));
    }

    @Test
    void packedEndpointsAreNeverNegativeAndRoundTripAtTheExtremes() {
        int[] addresses = {0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xC0A8_0101};
        int[] ports = {0, 1, 80, 32768, 65535};
        for (int address : addresses) {
            for (int port : ports) {
                long endpoint = Endpoint.pack(address, port);
                assertTrue(endpoint >= 0, "negative endpoint for " + address + ":" + port);
                assertTrue(endpoint < 1L << 48);
                assertEquals(address, Endpoint.address(endpoint));
                assertEquals(port, Endpoint.port(endpoint));
            }
        }
    }

    @Test
    void packRejectsPortsOutsideSixteenBits() {
        assertThrows(IllegalArgumentException.class, () -> Endpoint.pack(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.pack(0, 65536));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.pack(0, Integer.MIN_VALUE));
    }

    @Test
    void parsesDottedQuads() {
        assertEquals(0x0A000001, Endpoint.parseAddress("10.0.0.1"));
        assertEquals(0, Endpoint.parseAddress("0.0.0.0"));
        assertEquals(0xFFFF_FFFF, Endpoint.parseAddress("255.255.255.255"));
        assertEquals(0xC0A8_0001, Endpoint.parseAddress("192.168.000.001"));
    }

    @Test
    void rejectsMalformedAddressesWithTheTextInTheMessage() {
        String[] bad = {"", "10.0.0", "10.0.0.1.2", "10..0.1", "10.0.0.", ".10.0.0", "256.0.0.1", "10.0.0.1000",
            "a.b.c.d", "10.0.0.-1", "10.0.0.+1", " 10.0.0.1", "10.0.0.1 ", "0x0A.0.0.1", "1.2.3.4:80"};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parseAddress(text),
                "'" + text + "'");
            assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        }
    }

    @Test
    void rejectsDigitsOutsideAscii() {
        // Arabic-Indic digits are digits to Character.isDigit and Integer.parseInt, not to IPv4
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parseAddress("\u0661\u0660.0.0.1"));
    }

    @Test
    void formatsAddressesAndEndpoints() {
        assertEquals("10.0.0.1", Endpoint.formatAddress(0x0A000001));
        assertEquals("255.255.255.255", Endpoint.formatAddress(-1));
        assertEquals("128.0.0.0", Endpoint.formatAddress(0x8000_0000));
        assertEquals("10.1.2.3:443", Endpoint.format(Endpoint.pack(Endpoint.parseAddress("10.1.2.3"), 443)));
        assertEquals("0.0.0.0:0", Endpoint.format(Endpoint.pack(Endpoint.ANY_ADDRESS, 0)));
    }

    @Test
    void formatThenParseIsIdentity() {
        int[] addresses = {0, 0x01020304, 0x7F000001, 0xDEADBEEF, 0xFFFFFFFF};
        for (int address : addresses) {
            assertEquals(address, Endpoint.parseAddress(Endpoint.formatAddress(address)));
        }
    }
}
