package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every malformed header and wrong checksum a stack can send is named, with the value expected. */
class OutboundCheckTest {
    /** A SYN-ACK with options and a 3-byte payload (odd length: the checksum pads the last byte). */
    private static byte[] valid() {
        return new WirePacket(WireTarget.LOCAL_ADDRESS, WireTarget.REMOTE_ADDRESS, 8080, 40000, 2, WirePacket.SYN | WirePacket.ACK,
            0x8000_0001L, 1, 65535, List.of(new OptionSpec("mss", List.of(1460L)), new OptionSpec("sackOK", List.of())), 3).encode();
    }

    @Test
    void acceptsAPacketWithCorrectHeadersAndChecksums() {
        assertNull(OutboundCheck.problem(valid()));
    }

    @Test
    void namesAWrongTcpChecksumAndTheOneExpected() {
        byte[] packet = valid();
        int right = (packet[36] & 0xFF) << 8 | packet[37] & 0xFF;
        packet[36] = 0x12;
        packet[37] = 0x34;
        assertEquals(String.format("bad TCP checksum 0x1234 (expected 0x%04x)", right), OutboundCheck.problem(packet));
    }

    @Test
    void aChangedPayloadByteBreaksTheTcpChecksum() {
        byte[] packet = valid();
        packet[packet.length - 1] ^= 0x40;
        assertEquals("bad TCP checksum", OutboundCheck.problem(packet).substring(0, 16));
    }

    @Test
    void namesAWrongIpv4HeaderChecksum() {
        byte[] packet = valid();
        int right = (packet[10] & 0xFF) << 8 | packet[11] & 0xFF;
        packet[10] ^= 0x01;
        int wrong = (packet[10] & 0xFF) << 8 | packet[11] & 0xFF;
        assertEquals(String.format("bad IPv4 header checksum 0x%04x (expected 0x%04x)", wrong, right), OutboundCheck.problem(packet));
    }

    @Test
    void refusesMalformedIpv4Headers() {
        assertEquals("only 19 bytes, shorter than an IPv4 header (20)", OutboundCheck.problem(Arrays.copyOf(valid(), 19)));
        byte[] v6 = valid();
        v6[0] = 0x65;
        assertEquals("IP version 6, not 4", OutboundCheck.problem(v6));
        byte[] shortIhl = valid();
        shortIhl[0] = 0x44;
        assertEquals("IPv4 header length (IHL) 16 bytes, below the minimum 20", OutboundCheck.problem(shortIhl));
        byte[] hugeIhl = Arrays.copyOf(valid(), 60);
        hugeIhl[0] = 0x4F;
        hugeIhl[3] = 60;
        assertEquals("IPv4 total length 60 leaves no room for a TCP header after the 60-byte IPv4 header", OutboundCheck.problem(hugeIhl));
        byte[] truncated = valid();
        assertEquals("IPv4 total length " + truncated.length + " but " + (truncated.length - 1) + " bytes sent",
            OutboundCheck.problem(Arrays.copyOf(truncated, truncated.length - 1)));
        byte[] udp = valid();
        udp[9] = 17;
        assertEquals("IP protocol 17, not TCP (6)", OutboundCheck.problem(udp));
    }

    @Test
    void anOptionWithTheWrongLengthForItsKindDecodesAsMalformedInsteadOfThrowing() {
        byte[] shortMss = valid();
        shortMss[41] = 3;
        assertEquals(new OptionSpec("malformed", List.of(2L)), WirePacket.decode(shortMss).options().get(0));
        byte[] longSackOk = valid();
        longSackOk[45] = 3;
        assertEquals(List.of(new OptionSpec("mss", List.of(1460L)), new OptionSpec("malformed", List.of(4L)), new OptionSpec("eol", List.of())),
            WirePacket.decode(longSackOk).options());
    }

    @Test
    void refusesATcpDataOffsetOutsideTheSegment() {
        byte[] small = valid();
        small[32] = 0x40;
        assertEquals("TCP data offset 16 bytes, outside 20..31 (the segment has 31 bytes)", OutboundCheck.problem(small));
        byte[] large = valid();
        large[32] = (byte) 0xF0;
        assertEquals("TCP data offset 60 bytes, outside 20..31 (the segment has 31 bytes)", OutboundCheck.problem(large));
    }
}
