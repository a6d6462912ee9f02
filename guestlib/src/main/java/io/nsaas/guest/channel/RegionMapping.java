package io.nsaas.guest.channel;

import io.nsaas.nqe.RegionFormatException;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.nqe.RegionHeaderFlyweight;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A tenant's region as the guest sees it: the file the host named, mapped read-write, its header
 * validated ({@link RegionLayout#read}, tenant id, host state), and the five rings and the data area
 * wrapped over the mapping.
 *
 * <p>The mapping lives until this object is garbage collected: it is not unmapped explicitly, since
 * an application thread could still be copying through it when the guest closes (unmapping under
 * it would crash the JVM). The host deletes the file on detach.
 */
final class RegionMapping {
    final Path path;
    final RegionLayout layout;
    final AtomicBuffer region;
    final AtomicBuffer dataArea;
    final RingBuffer jobRing;
    final RingBuffer completionRing;
    final RingBuffer eventRing;
    final RingBuffer txFreeRing;
    final RingBuffer rxFreeRing;
    final RegionHeaderFlyweight header = new RegionHeaderFlyweight();
    @SuppressWarnings("unused")
    private final MappedByteBuffer mapping;

    private RegionMapping(Path path, MappedByteBuffer mapping, RegionLayout layout) {
        this.path = path;
        this.mapping = mapping;
        this.region = new UnsafeBuffer(mapping);
        this.layout = layout;
        this.header.wrap(region, 0);
        this.dataArea = layout.dataArea(region);
        this.jobRing = layout.newRingBuffer(region, RegionRing.JOB);
        this.completionRing = layout.newRingBuffer(region, RegionRing.COMPLETION);
        this.eventRing = layout.newRingBuffer(region, RegionRing.EVENT);
        this.txFreeRing = layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS);
        this.rxFreeRing = layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS);
    }

    /**
     * Maps and validates the region.
     *
     * @throws IOException naming the file when it cannot be opened or mapped, its header is invalid,
     *                     it belongs to another tenant or the host already let go of it
     */
    static RegionMapping map(Path path, String tenantId) throws IOException {
        MappedByteBuffer mapping;
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = file.size();
            if (size < RegionHeaderDescriptor.HEADER_LENGTH || size > RegionLayout.MAX_REGION_LENGTH) {
                throw new IOException("nsaas region " + path + " is " + size + " bytes, not a region (header "
                    + RegionHeaderDescriptor.HEADER_LENGTH + " bytes, at most " + RegionLayout.MAX_REGION_LENGTH
                    + "); the host and guestlib disagree on the ABI");
            }
            mapping = file.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("nsaas region")) {
                throw e;
            }
            throw new IOException("cannot map the nsaas region " + path + " the host named (" + e
                + "); the guest must run as the host's user and see the same shm directory", e);
        }
        UnsafeBuffer region = new UnsafeBuffer(mapping);
        RegionLayout layout;
        try {
            layout = RegionLayout.read(region);
        } catch (RegionFormatException e) {
            throw new IOException("nsaas region " + path + " is invalid: " + e.getMessage(), e);
        }
        RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(region, 0);
        String owner;
        try {
            owner = header.tenantId();
        } catch (RegionFormatException e) {
            throw new IOException("nsaas region " + path + " is invalid: " + e.getMessage(), e);
        }
        if (!owner.equals(tenantId)) {
            throw new IOException("nsaas region " + path + " belongs to tenant '" + owner + "', not '" + tenantId
                + "'; the host answered with another tenant's region");
        }
        int state = RegionHeaderDescriptor.hostState(header.hostStateWord());
        if (state == RegionHeaderDescriptor.HOST_DETACHED) {
            throw new IOException("nsaas region " + path + " was already released by the host (state DETACHED); attach again");
        }
        try {
            return new RegionMapping(path, mapping, layout);
        } catch (RuntimeException e) {
            throw new IOException("nsaas region " + path + " has unusable rings: " + e.getMessage(), e);
        }
    }

    /** @return whether the host marked the region DETACHED */
    boolean hostDetached() {
        return RegionHeaderDescriptor.hostState(header.hostStateWord()) == RegionHeaderDescriptor.HOST_DETACHED;
    }
}
