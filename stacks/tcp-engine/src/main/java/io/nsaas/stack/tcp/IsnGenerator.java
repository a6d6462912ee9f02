package io.nsaas.stack.tcp;

import java.util.random.RandomGenerator;

/**
 * Initial sequence numbers per RFC 6528 3: {@code ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey)} where M is a clock ticking every 4 microseconds and F is SipHash-2-4 keyed with a 128-bit
 * secret drawn once from the host's random source. Allocation-free.
 */
final class IsnGenerator {
    private final long k0;
    private final long k1;

    IsnGenerator(RandomGenerator random) {
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
    }

    /** @return the ISN for this 4-tuple at {@code nowNanos} */
    int isn(int localAddress, int localPort, int remoteAddress, int remotePort, long nowNanos) {
        long m = nowNanos / 4000;
        long f = hash((localAddress & 0xFFFF_FFFFL) << 32 | (remoteAddress & 0xFFFF_FFFFL),
            (long) (localPort & 0xFFFF) << 16 | (remotePort & 0xFFFF));
        return (int) (m + f);
    }

    /** @return a per-connection timestamp offset (RFC 7323 5.4 recommends randomized TSval starts) */
    int tsOffset(int localAddress, int localPort, int remoteAddress, int remotePort) {
        return (int) (hash((remoteAddress & 0xFFFF_FFFFL) << 32 | (localAddress & 0xFFFF_FFFFL),
            (long) (remotePort & 0xFFFF) << 16 | (localPort & 0xFFFF) | 1L << 40) >>> 32);
    }

    /** SipHash-2-4 of two 64-bit words. */
    private long hash(long m0, long m1) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // two message words, then the length word (16 bytes)
        long w;
        for (int i = 0; i < 3; i++) {
            w = i == 0 ? m0 : i == 1 ? m1 : 16L << 56;
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        v2 ^= 0xFF;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
