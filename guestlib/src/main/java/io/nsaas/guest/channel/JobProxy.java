package io.nsaas.guest.channel;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Writes request NQEs into the job ring in place (claim, fill, commit), from any number of threads:
 * the job ring is a {@code ManyToOneRingBuffer}. Each thread fills through its own flyweight.
 */
final class JobProxy {
    private final RingBuffer jobRing;
    private final ThreadLocal<NqeFlyweight> flyweights = ThreadLocal.withInitial(NqeFlyweight::new);

    JobProxy(RingBuffer jobRing) {
        this.jobRing = jobRing;
    }

    /** @return false when the ring has no room now (the host drains it; try again) */
    boolean offer(int opcode, int flags, int socketId, long requestId, long operand, int dataOffset, int dataLength) {
        int index = jobRing.tryClaim(NqeDescriptor.MSG_TYPE_ID, NqeDescriptor.LENGTH);
        if (index < 0) {
            return false;
        }
        try {
            flyweights.get().wrap(jobRing.buffer(), index)
                .opcode(opcode)
                .flags(flags)
                .queueSet(0)
                .socketId(socketId)
                .requestId(requestId)
                .operand(operand)
                .dataOffset(dataOffset)
                .dataLength(dataLength);
        } catch (RuntimeException e) {
            jobRing.abort(index);
            throw e;
        }
        jobRing.commit(index);
        return true;
    }
}
