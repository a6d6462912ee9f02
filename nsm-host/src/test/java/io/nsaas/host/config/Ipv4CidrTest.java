package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesTheAddressBigEndianWithItsPrefix() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("192.168.1.20/20");

        assertEquals(0xC0A80114, cidr.address());
        assertEquals(20, cidr.prefixLength());
        assertEquals(0xFFFFF000, cidr.netmask());
        assertEquals(0xC0A80000, cidr.network());
        assertEquals("192.168.1.20/20", cidr.toString());
    }

    @Test
    void netmaskCoversTheWholeRangeOfPrefixLengths() {
        assertEquals(0, new Ipv4Cidr(0x0A000001, 0).netmask());
        assertEquals(0x80000000, new Ipv4Cidr(0x0A000001, 1).netmask());
        assertEquals(0xFFFFFFFF, new Ipv4Cidr(0x0A000001, 32).netmask());
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Cidr(0x0A000001, 33));
    }

    @Test
    void containsOnlyAddressesOfItsSubnet() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("10.0.0.1/24");

        assertTrue(cidr.contains(0x0A0000FE));
        assertFalse(cidr.contains(0x0A000100));
    }

    @Test
    void formatsTheHighestOctetsUnsigned() {
        assertEquals("203.0.113.255", Ipv4Cidr.format(0xCB0071FF));
    }

    @Test
    void rejectsWhitespaceInsideAndSignsAndEmptyText() {
        for (String bad : new String[] {"10.0.0.1 /24", "+10.0.0.1/24", "", "10.0.0/24", "10.0.0.1/24/8", "10.0.0.1/-1"}) {
            InvalidSetting e = assertThrows(InvalidSetting.class, () -> Ipv4Cidr.parse(bad), bad);
            assertEquals("'" + bad + "' is not an IPv4 CIDR", e.problem());
        }
    }
}
