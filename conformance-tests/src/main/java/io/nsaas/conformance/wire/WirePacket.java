package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import io.nsaas.spi.InternetChecksum;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An IPv4/TCP packet as the interpreter sees it (absolute sequence numbers): decoded from what the stack
 * sent, or encoded from an injected script line with valid IPv4 and TCP checksums.
 *
 * @param ecn     the IP ECN field (0 not-ECT, 1 ECT(1), 2 ECT(0), 3 CE)
 * @param flags   TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80)
 * @param options decoded options, named as in scripts ({@code mss}, {@code sackOK}, {@code TS}, {@code nop},
 *                {@code eol}, {@code wscale}, {@code sack}; unknown kinds as {@code kindN})
 */
public record WirePacket(int source, int destination, int sourcePort, int destinationPort, int ecn, int flags, long seq,
                         long ack, int window, List<OptionSpec> options, int payload) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /**
     * @return the packet, or null when the bytes are not an IPv4/TCP packet (too short, other protocol);
     *     never throws: an option whose length does not fit its kind decodes as {@code malformed <kind>}
     */
    public static WirePacket decode(byte[] ipv4) {
        ByteBuffer b = ByteBuffer.wrap(ipv4);
        if (ipv4.length < 40 || (ipv4[0] >> 4 & 0xF) != 4 || (ipv4[9] & 0xFF) != 6) {
            return null;
        }
        int ihl = (ipv4[0] & 0xF) * 4;
        int total = Math.min(b.getShort(2) & 0xFFFF, ipv4.length);
        int tcp = ihl;
        if (total < tcp + 20) {
            return null;
        }
        int dataOffset = (ipv4[tcp + 12] >> 4 & 0xF) * 4;
        List<OptionSpec> options = decodeOptions(ipv4, tcp + 20, tcp + Math.min(dataOffset, total - tcp));
        return new WirePacket(b.getInt(12), b.getInt(16), b.getShort(tcp) & 0xFFFF, b.getShort(tcp + 2) & 0xFFFF,
            ipv4[1] & 0x3, ipv4[tcp + 13] & 0xFF, b.getInt(tcp + 4) & 0xFFFF_FFFFL, b.getInt(tcp + 8) & 0xFFFF_FFFFL,
            b.getShort(tcp + 14) & 0xFFFF, options, Math.max(0, total - tcp - dataOffset));
    }

    private static List<OptionSpec> decodeOptions(byte[] p, int from, int to) {
        List<OptionSpec> options = new ArrayList<>();
        int i = from;
        while (i < to) {
            int kind = p[i] & 0xFF;
            if (kind == 0 || kind == 1) {
                options.add(new OptionSpec(kind == 0 ? "eol" : "nop", List.of()));
                i++;
                if (kind == 0) {
                    break;
                }
                continue;
            }
            int length = i + 1 < to ? p[i + 1] & 0xFF : 0;
            if (length < 2 || i + length > to) {
                options.add(new OptionSpec("malformed", List.of()));
                break;
            }
            if (!validLength(kind, length)) {
                options.add(new OptionSpec("malformed", List.of((long) kind)));
                i += length;
                continue;
            }
            ByteBuffer v = ByteBuffer.wrap(p, i + 2, length - 2);
            List<Long> values = new ArrayList<>();
            String name;
            switch (kind) {
                case 2 -> { name = "mss"; values.add((long) (v.getShort() & 0xFFFF)); }
                case 3 -> { name = "wscale"; values.add((long) (v.get() & 0xFF)); }
                case 4 -> name = "sackOK";
                case 5 -> {
                    name = "sack";
                    while (v.remaining() >= 8) {
                        values.add(v.getInt() & 0xFFFF_FFFFL);
                        values.add(v.getInt() & 0xFFFF_FFFFL);
                    }
                }
                case 8 -> {
                    name = "TS";
                    values.add(v.getInt() & 0xFFFF_FFFFL);
                    values.add(v.getInt() & 0xFFFF_FFFFL);
                }
                default -> name = "kind" + kind;
            }
            options.add(new OptionSpec(name, List.copyOf(values)));
            i += length;
        }
        return List.copyOf(options);
    }

    /** @return false when a known option kind has a length it cannot have (RFC 9293 3.1, RFC 7323, RFC 2018) */
    private static boolean validLength(int kind, int length) {
        return switch (kind) {
            case 2 -> length == 4;
            case 3 -> length == 3;
            case 4 -> length == 2;
            case 5 -> length >= 10 && (length - 2) % 8 == 0;
            case 8 -> length == 10;
            default -> true;
        };
    }

    /** @return the packet as IPv4 bytes (TTL 64, DF, zero payload bytes) with valid checksums */
    public byte[] encode() {
        byte[] optionBytes = encodeOptions();
        int tcpLength = 20 + optionBytes.length + payload;
        int total = 20 + tcpLength;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) ecn).putShort((short) total).putShort((short) 0).putShort((short) 0x4000)
            .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(source).putInt(destination);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) seq).putInt((int) ack)
            .put((byte) ((20 + optionBytes.length) / 4 << 4)).put((byte) flags).putShort((short) window)
            .putShort((short) 0).putShort((short) 0).put(optionBytes);
        byte[] bytes = b.array();
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int ipSum = InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 20, 0));
        buffer.putShort(10, (short) ipSum, java.nio.ByteOrder.BIG_ENDIAN);
        int tcpSum = InternetChecksum.fold(InternetChecksum.sum(buffer, 20, tcpLength, pseudoHeaderSum(source, destination, tcpLength)));
        buffer.putShort(36, (short) tcpSum, java.nio.ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    /**
     * @return the unfolded one's complement sum of the TCP pseudo-header (RFC 9293 3.1: source and destination
     *     address, zero, protocol 6, TCP length), to start the TCP checksum with
     */
    static long pseudoHeaderSum(int source, int destination, int tcpLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) + 6 + tcpLength;
    }

    private byte[] encodeOptions() {
        ByteBuffer b = ByteBuffer.allocate(60);
        for (OptionSpec option : options) {
            List<Long> v = option.values();
            switch (option.name()) {
                case "nop" -> b.put((byte) 1);
                case "eol" -> b.put((byte) 0);
                case "mss" -> b.put((byte) 2).put((byte) 4).putShort(v.get(0).shortValue());
                case "wscale" -> b.put((byte) 3).put((byte) 3).put(v.get(0).byteValue());
                case "sackOK" -> b.put((byte) 4).put((byte) 2);
                case "TS" -> b.put((byte) 8).put((byte) 10).putInt(v.get(0).intValue()).putInt(v.get(1).intValue());
                case "sack" -> {
                    b.put((byte) 5).put((byte) (2 + 4 * v.size()));
                    for (Long edge : v) {
                        b.putInt(edge.intValue());
                    }
                }
                default -> throw new IllegalArgumentException("cannot encode option " + option.name());
            }
        }
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }

    /** @return the flags as script letters, e.g. {@code S.} or {@code P.} */
    public static String flagLetters(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & SYN) != 0) s.append('S');
        if ((flags & FIN) != 0) s.append('F');
        if ((flags & RST) != 0) s.append('R');
        if ((flags & PSH) != 0) s.append('P');
        if ((flags & ECE) != 0) s.append('E');
        if ((flags & CWR) != 0) s.append('W');
        if ((flags & ACK) != 0) s.append('.');
        return s.toString();
    }

    /** @return the flag bits of script letters ({@code -} alone means no flags) */
    public static int flagBits(String letters) {
        int bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= switch (c) {
                case 'S' -> SYN;
                case 'F' -> FIN;
                case 'R' -> RST;
                case 'P' -> PSH;
                case 'E' -> ECE;
                case 'W' -> CWR;
                case '.' -> ACK;
                case '-' -> 0;
                default -> throw new IllegalArgumentException("flag " + c);
            };
        }
        return bits;
    }

    /** @return the ECN codepoint of a script name ({@code ect0} 2, {@code ect1} 1, {@code ce} 3, {@code noecn} 0) */
    public static int ecnBits(String name) {
        return switch (name) {
            case "ect0" -> 2;
            case "ect1" -> 1;
            case "ce" -> 3;
            default -> 0;
        };
    }

    /** @return the script name of an ECN codepoint */
    public static String ecnName(int bits) {
        return switch (bits) {
            case 2 -> "ect0";
            case 1 -> "ect1";
            case 3 -> "ce";
            default -> "noecn";
        };
    }
}
