package io.nsaas.nqe;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** Region memory for tests: page-aligned direct memory, as a real mapping is. */
final class TestRegions {
    private TestRegions() {
    }

    static UnsafeBuffer allocate(int length) {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 4096));
    }

    /** @return a valid region: the layout written into fresh memory with tenant id {@code tenant-a} */
    static UnsafeBuffer written(RegionLayout layout) {
        UnsafeBuffer region = allocate(layout.regionLength());
        layout.write(new RegionHeaderFlyweight().wrap(region, 0).tenantId("tenant-a"));
        return region;
    }
}
