package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketOptionTest {

    @Test
    void codesAreLinuxLevelAndOptname() {
        assertEquals(0x0001_0002, SocketOption.SO_REUSEADDR.code());
        assertEquals(0x0001_0009, SocketOption.SO_KEEPALIVE.code());
        assertEquals(0x0001_0007, SocketOption.SO_SNDBUF.code());
        assertEquals(0x0001_0008, SocketOption.SO_RCVBUF.code());
        assertEquals(0x0001_000D, SocketOption.SO_LINGER.code());
        assertEquals(0x0001_0004, SocketOption.SO_ERROR.code());
        assertEquals(0x0006_0001, SocketOption.TCP_NODELAY.code());
        assertEquals(0x0006_0002, SocketOption.TCP_MAXSEG.code());
        assertEquals(0x0006_000D, SocketOption.TCP_CONGESTION.code());
        assertEquals(0x0006_0012, SocketOption.TCP_USER_TIMEOUT.code());
    }

    @Test
    void everyCodeIsUniqueAndMapsBack() {
        Set<Integer> codes = new HashSet<>();
        for (SocketOption option : SocketOption.values()) {
            assertTrue(codes.add(option.code()), "duplicate code for " + option);
            assertSame(option, SocketOption.fromCode(option.code()));
            assertEquals(option.level() << 16 | option.optname(), option.code());
        }
    }

    @Test
    void unknownCodesMapToNull() {
        assertNull(SocketOption.fromCode(0));
        assertNull(SocketOption.fromCode(-1));
        assertNull(SocketOption.fromCode(0x0006_0063));
        assertNull(SocketOption.fromCode(0x0002_0002), "right optname, wrong level");
    }

    @Test
    void onlyTcpCongestionTravelsAsBytes() {
        for (SocketOption option : SocketOption.values()) {
            assertEquals(option == SocketOption.TCP_CONGESTION ? SocketOption.Kind.BYTES : SocketOption.Kind.NUMERIC,
                option.kind(), option.name());
        }
    }

    @Test
    void lingerPacksOnoffAboveSeconds() {
        assertEquals(1L << 32 | 5, SocketOption.linger(true, 5));
        assertEquals(7, SocketOption.linger(false, 7));
        assertEquals(1L << 32, SocketOption.linger(true, 0));
        assertTrue(SocketOption.lingerOn(SocketOption.linger(true, 0)));
        assertFalse(SocketOption.lingerOn(SocketOption.linger(false, 30)));
        assertEquals(30, SocketOption.lingerSeconds(SocketOption.linger(false, 30)));
        assertEquals(Integer.MAX_VALUE, SocketOption.lingerSeconds(SocketOption.linger(true, Integer.MAX_VALUE)));
    }

    @Test
    void lingerRejectsNegativeSeconds() {
        assertThrows(IllegalArgumentException.class, () -> SocketOption.linger(true, -1));
    }
}
