package io.nsaas.host.nsm;

import org.agrona.BitUtil;

/**
 * Tuning of NSMs: the timer wheel and the per-duty-cycle bounds that keep one busy tenant from
 * starving the others on a shared NSM.
 *
 * @param tickResolutionNanos timer wheel tick, a power of two (default 2^20 ns, about 1 ms)
 * @param ticksPerWheel       timer wheel spokes, a power of two (default 1024)
 * @param timersPerCycle      timers delivered per duty cycle at most, over all tenants
 * @param packetsPerCycle     inbound packets delivered per tenant per duty cycle at most
 * @param jobsPerCycle        the {@code limit} passed to {@link TenantWork#doWork} per duty cycle
 * @param inboundQueueBytes   each tenant port's inbound queue, a power of two (default 1 MiB)
 */
public record NsmSettings(long tickResolutionNanos, int ticksPerWheel, int timersPerCycle, int packetsPerCycle,
                          int jobsPerCycle, int inboundQueueBytes) {

    /** @throws IllegalArgumentException naming the setting and what it must be */
    public NsmSettings {
        if (!BitUtil.isPowerOfTwo(tickResolutionNanos)) {
            throw new IllegalArgumentException("timer tick resolution " + tickResolutionNanos
                + " ns must be a power of two, for example 1048576 (about 1 ms)");
        }
        if (!BitUtil.isPowerOfTwo(ticksPerWheel)) {
            throw new IllegalArgumentException("timer ticks per wheel " + ticksPerWheel + " must be a power of two");
        }
        positive("timers per cycle", timersPerCycle);
        positive("packets per cycle", packetsPerCycle);
        positive("jobs per cycle", jobsPerCycle);
        if (!BitUtil.isPowerOfTwo(inboundQueueBytes) || inboundQueueBytes < 1024) {
            throw new IllegalArgumentException("inbound queue " + inboundQueueBytes
                + " bytes must be a power of two of at least 1024; 1048576 holds any IPv4 packet");
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " is " + value + "; it must be at least 1");
        }
    }

    /** @return the defaults: ~1 ms ticks, 1024 spokes, 256 timers, 64 packets, 64 jobs, 1 MiB queues */
    public static NsmSettings defaults() {
        return new NsmSettings(1L << 20, 1024, 256, 64, 64, 1 << 20);
    }

    /** @return these settings with another inbound queue size */
    public NsmSettings withInboundQueueBytes(int bytes) {
        return new NsmSettings(tickResolutionNanos, ticksPerWheel, timersPerCycle, packetsPerCycle, jobsPerCycle, bytes);
    }

    /** @return these settings with another per-tenant packet bound */
    public NsmSettings withPacketsPerCycle(int packets) {
        return new NsmSettings(tickResolutionNanos, ticksPerWheel, timersPerCycle, packets, jobsPerCycle,
            inboundQueueBytes);
    }
}
