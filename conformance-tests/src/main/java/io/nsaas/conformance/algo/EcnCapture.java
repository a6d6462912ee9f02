package io.nsaas.conformance.algo;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PcapWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the wire shows of ECN in a simulator capture of the bottleneck (the data direction, sender to
 * receiver; {@link PcapWriter}'s LINKTYPE_RAW IPv4 records): whether the SYN asked for ECN (ECE and CWR
 * set, RFC 3168 6.1.1) and how many data segments were sent ECN-capable (ECT(0), ECT(1) or CE).
 *
 * @param ecnSetupSyns SYNs (without ACK) carrying both ECE and CWR
 * @param syns         SYNs without ACK
 * @param dataSegments TCP segments with payload
 * @param ectSegments  of those, the ones whose IP ECN field is not Not-ECT
 */
record EcnCapture(int ecnSetupSyns, int syns, int dataSegments, int ectSegments) {
    private static final int TCP = 6;
    private static final int TCP_DATA_OFFSET = 12;
    private static final int TCP_FLAGS = 13;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int ECE = 0x40;
    private static final int CWR = 0x80;

    /**
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is not a LINKTYPE_RAW pcap as {@link PcapWriter} writes
     */
    static EcnCapture read(Path pcap) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pcap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the capture " + pcap, e);
        }
        UnsafeBuffer file = new UnsafeBuffer(bytes);
        if (bytes.length < PcapWriter.FILE_HEADER_LENGTH || file.getInt(0, ByteOrder.LITTLE_ENDIAN) != PcapWriter.MAGIC_NANOS
            || file.getInt(20, ByteOrder.LITTLE_ENDIAN) != PcapWriter.LINKTYPE_RAW) {
            throw new IllegalArgumentException(pcap + " is not a nanosecond LINKTYPE_RAW pcap file");
        }
        int synsWithEcn = 0;
        int syns = 0;
        int data = 0;
        int ect = 0;
        int at = PcapWriter.FILE_HEADER_LENGTH;
        while (at + PcapWriter.RECORD_HEADER_LENGTH <= bytes.length) {
            int stored = file.getInt(at + 8, ByteOrder.LITTLE_ENDIAN);
            int ip = at + PcapWriter.RECORD_HEADER_LENGTH;
            if (stored < 0 || ip + stored > bytes.length) {
                throw new IllegalArgumentException(pcap + ": truncated record at byte " + at);
            }
            at = ip + stored;
            if (stored < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || Ipv4HeaderDescriptor.version(file, ip) != 4
                || Ipv4HeaderDescriptor.protocol(file, ip) != TCP) {
                continue;
            }
            int ipHeader = Ipv4HeaderDescriptor.headerLength(file, ip);
            int tcp = ip + ipHeader;
            if (ipHeader + TCP_FLAGS >= stored) {
                continue;
            }
            int flags = file.getByte(tcp + TCP_FLAGS) & 0xFF;
            int tcpHeader = ((file.getByte(tcp + TCP_DATA_OFFSET) & 0xFF) >>> 4) * 4;
            int payload = Ipv4HeaderDescriptor.totalLength(file, ip) - ipHeader - tcpHeader;
            if ((flags & (SYN | ACK)) == SYN) {
                syns++;
                if ((flags & (ECE | CWR)) == (ECE | CWR)) {
                    synsWithEcn++;
                }
            }
            if (payload > 0) {
                data++;
                if ((file.getByte(ip + Ipv4HeaderDescriptor.TOS_OFFSET) & 0x03) != 0) {
                    ect++;
                }
            }
        }
        return new EcnCapture(synsWithEcn, syns, data, ect);
    }
}
