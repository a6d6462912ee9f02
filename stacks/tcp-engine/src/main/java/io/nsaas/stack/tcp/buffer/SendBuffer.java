package io.nsaas.stack.tcp.buffer;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The bytes of one connection's send stream from SND.UNA on (RFC 9293 3.3.1): data the application has
 * written and the peer has not yet acknowledged, sent or not. A fixed-capacity ring over a heap
 * {@code byte[]}:
 *
 * <pre>
 *   ring index:  0                head                      head+size (mod capacity)
 *                |                 |&lt;------- size --------&gt;|
 *   stream:      ...               SND.UNA                   end of written data
 *                                  |&lt;- copy(offsetFromUna) -&gt; retransmit / first send
 * </pre>
 *
 * <p>Memory: the array is allocated on the first {@link #append} that stores a byte, not in the
 * constructor, so an idle connection that never sends costs only this object; {@link #release()} gives
 * the array back once everything is acknowledged. Apart from that first allocation and
 * {@link #resize}, no method allocates.
 *
 * <p>Threading: not thread-safe; owned by the connection's duty-cycle thread.
 *
 * <p>Errors: arguments that can only be wrong through a programming error (negative lengths, consuming
 * more than is buffered, ranges outside the caller's buffer) throw {@link IllegalArgumentException} or
 * {@link IndexOutOfBoundsException}; a full buffer is not an error: {@link #append} returns 0.
 */
public final class SendBuffer {
    /** Largest capacity accepted, so ring index arithmetic never overflows. */
    public static final int MAX_CAPACITY = 1 << 30;

    private int capacity;
    private byte[] ring;
    private int head;
    private int size;

    /**
     * @param capacity bytes the buffer holds, 1..{@link #MAX_CAPACITY}
     * @throws IllegalArgumentException when the capacity is out of range
     */
    public SendBuffer(int capacity) {
        this.capacity = checkCapacity(capacity);
    }

    /**
     * Appends up to {@code length} bytes of {@code src} after the buffered data.
     *
     * @return bytes accepted: {@code min(length, free())}, 0 when full
     */
    public int append(DirectBuffer src, int offset, int length) {
        RingBytes.checkRange("SendBuffer.append source", offset, length, src.capacity());
        int accepted = Math.min(length, capacity - size);
        if (accepted == 0) {
            return 0;
        }
        if (ring == null) {
            ring = new byte[capacity];
            head = 0;
        }
        RingBytes.copyIn(ring, RingBytes.advance(head, size, capacity), src, offset, accepted);
        size += accepted;
        return accepted;
    }

    /**
     * Copies buffered bytes starting {@code offsetFromUna} bytes after SND.UNA into {@code dst}, for a
     * first transmission or a retransmission. Does not consume them.
     *
     * @return bytes copied: {@code min(length, size() - offsetFromUna)}, 0 when the offset is at or past
     *     the end of the buffered data
     */
    public int copy(int offsetFromUna, MutableDirectBuffer dst, int dstOffset, int length) {
        if (offsetFromUna < 0 || length < 0) {
            throw new IllegalArgumentException("SendBuffer.copy: offsetFromUna " + offsetFromUna + " and length "
                + length + " must not be negative; pass the distance from SND.UNA (seq - snd.una)");
        }
        int copied = offsetFromUna >= size ? 0 : Math.min(length, size - offsetFromUna);
        if (copied == 0) {
            return 0;
        }
        RingBytes.checkRange("SendBuffer.copy destination", dstOffset, copied, dst.capacity());
        RingBytes.copyOut(ring, RingBytes.advance(head, offsetFromUna, capacity), dst, dstOffset, copied);
        return copied;
    }

    /**
     * Drops {@code bytes} from the front: SND.UNA advanced by an acknowledgment.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative or more than {@link #size()}
     */
    public void consume(int bytes) {
        if (bytes < 0 || bytes > size) {
            throw new IllegalArgumentException("SendBuffer.consume: " + bytes + " bytes but " + size
                + " are buffered; acknowledge at most what was sent");
        }
        size -= bytes;
        head = size == 0 ? 0 : RingBytes.advance(head, bytes, capacity);
    }

    /** Bytes buffered from SND.UNA on (sent and unsent). */
    public int size() {
        return size;
    }

    /** Bytes {@link #append} can still accept. */
    public int free() {
        return capacity - size;
    }

    public int capacity() {
        return capacity;
    }

    /** Whether the backing array exists (it is created by the first append that stores bytes). */
    public boolean isAllocated() {
        return ring != null;
    }

    /**
     * Changes the capacity, keeping the buffered bytes. Allocates a new array (when one existed).
     *
     * @throws IllegalArgumentException when {@code newCapacity} is below {@link #size()} or out of range
     */
    public void resize(int newCapacity) {
        checkCapacity(newCapacity);
        if (newCapacity < size) {
            throw new IllegalArgumentException("SendBuffer.resize: capacity " + newCapacity + " is below the "
                + size + " buffered bytes; wait for acknowledgments or choose a larger capacity");
        }
        if (newCapacity == capacity) {
            return;
        }
        if (ring != null) {
            byte[] bigger = new byte[newCapacity];
            int first = Math.min(size, capacity - head);
            System.arraycopy(ring, head, bigger, 0, first);
            System.arraycopy(ring, 0, bigger, first, size - first);
            ring = bigger;
        }
        head = 0;
        capacity = newCapacity;
    }

    /**
     * Frees the backing array when nothing is buffered (an idle connection); the next append allocates
     * it again.
     *
     * @return whether the array was released
     */
    public boolean release() {
        if (size != 0 || ring == null) {
            return false;
        }
        ring = null;
        head = 0;
        return true;
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("SendBuffer capacity " + capacity + " is out of range; use 1.."
                + MAX_CAPACITY + " bytes");
        }
        return capacity;
    }
}
