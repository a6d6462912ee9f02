package io.nsaas.host.nsm;

import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackLogger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

/**
 * The {@link StackHost} of one tenant: time from the NSM's clock, timers on the NSM's wheel owned by
 * this tenant, a random source seeded from (host seed, tenant id), transmit into the tenant's fabric
 * port. Called only on the NSM thread, as the SPI requires.
 */
final class TenantHost implements StackHost {
    private final Tenant tenant;
    private final NanoClock clock;
    private final TimerService<Tenant> timers;
    private final SplittableRandom random;
    private final TenantLogger logger;

    TenantHost(Tenant tenant, NanoClock clock, TimerService<Tenant> timers) {
        this.tenant = tenant;
        this.clock = clock;
        this.timers = timers;
        this.random = new SplittableRandom(tenantSeed(tenant.spec.seed(), tenant.id()));
        this.logger = new TenantLogger(tenant.id(), tenant.stackId());
    }

    /**
     * @return the seed of a tenant's random source: a SplitMix64 mix of the host seed and a 64-bit
     *         FNV-1a hash of the tenant id, so it is stable across runs and JDKs and differs per tenant
     */
    static long tenantSeed(long hostSeed, String tenantId) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : tenantId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return mix64(mix64(hostSeed) ^ hash);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public long scheduleTimer(long deadlineNanos) {
        return timers.schedule(tenant, deadlineNanos);
    }

    @Override
    public boolean cancelTimer(long timerId) {
        return timers.cancel(tenant, timerId);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        return tenant.port.transmit(packet, offset, length);
    }

    @Override
    public int localAddress() {
        return tenant.spec.address();
    }

    @Override
    public String tenantId() {
        return tenant.id();
    }

    @Override
    public StackLogger logger() {
        return logger;
    }
}
