package io.nsaas.guest.channel;

import io.nsaas.guest.socket.ChannelSocket;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.RegionLayout;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The guest's side of the guest-tx free-chunk ring. That ring has one consumer, so takes are
 * serialised here: a taker refills a local stack from the ring (all indexes available at once) and
 * pops one. When none is free, takers wait on this monitor; the event thread calls
 * {@link #chunksMayHaveReturned()} after SEND completions (the host returns a SEND's chunk before
 * posting its completion).
 *
 * <p>Indexes from the ring are hostile input: out-of-range indexes, wrong record types and
 * duplicates beyond the local stack's room are dropped.
 */
final class TxChunkPool {
    /** Longest single wait before re-checking close / detach. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final RingBuffer txFree;
    private final RegionLayout layout;
    private final NqeChannel channel;
    private final int[] stack;
    private final MessageHandler refill = this::onIndex;
    private int size;
    private volatile int waiters;

    TxChunkPool(RingBuffer txFree, RegionLayout layout, NqeChannel channel) {
        this.txFree = txFree;
        this.layout = layout;
        this.channel = channel;
        this.stack = new int[layout.txChunkCount()];
    }

    /** @return a chunk's data offset, or -1 after the timeout; see {@link io.nsaas.guest.socket.SocketTransport#takeTxChunk} */
    synchronized int take(ChannelSocket owner, long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean interrupted = false;
        try {
            while (true) {
                if (size == 0) {
                    txFree.read(refill, stack.length);
                }
                if (size > 0) {
                    return layout.txChunkOffset(stack[--size]);
                }
                IOException failure = channel.failureFor(owner);
                if (failure != null) {
                    throw failure;
                }
                long wait = MAX_WAIT_NANOS;
                if (timeoutNanos < 0) {
                    return -1;
                }
                if (timeoutNanos > 0) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return -1;
                    }
                    wait = Math.min(wait, remaining);
                }
                waiters++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    waiters--;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts back a chunk that was taken but not sent. */
    synchronized void untake(int dataOffset) {
        int index = layout.txChunkIndex(dataOffset);
        if (index >= 0 && size < stack.length) {
            stack[size++] = index;
            notifyAll();
        }
    }

    /** Event thread: a SEND completed, so its chunk is back on the ring; wake a waiting taker. */
    void chunksMayHaveReturned() {
        if (waiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Wakes every waiting taker (close / detach). */
    synchronized void wakeAll() {
        notifyAll();
    }

    private void onIndex(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId != RegionLayout.CHUNK_INDEX_MSG_TYPE_ID || length != RegionLayout.CHUNK_INDEX_LENGTH) {
            return;
        }
        int chunk = buffer.getInt(index, NqeDescriptor.BYTE_ORDER);
        if (chunk >= 0 && chunk < layout.txChunkCount() && size < stack.length) {
            stack[size++] = chunk;
        }
    }
}
