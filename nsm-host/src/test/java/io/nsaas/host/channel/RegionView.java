package io.nsaas.host.channel;

import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.nqe.RegionHeaderFlyweight;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/** The test's own mapping of a region file: it outlives the file, so the final header state can be read. */
final class RegionView {
    final UnsafeBuffer region;
    final RegionLayout layout;
    private final RegionHeaderFlyweight header = new RegionHeaderFlyweight();

    RegionView(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            region = new UnsafeBuffer(file.map(FileChannel.MapMode.READ_WRITE, 0, file.size()));
        }
        layout = RegionLayout.read(region);
        header.wrap(region, 0);
    }

    int hostState() {
        return RegionHeaderDescriptor.hostState(header.hostStateWord());
    }

    String tenantId() {
        return header.tenantId();
    }

    /** Writes an impossible consumer position into the job ring's trailer, as a hostile guest could. */
    void corruptJobRing() {
        int trailer = layout.ringOffset(RegionRing.JOB) + layout.ringCapacity(RegionRing.JOB);
        region.putLongVolatile(trailer + RingBufferDescriptor.HEAD_POSITION_OFFSET, 1_000_003);
    }
}
