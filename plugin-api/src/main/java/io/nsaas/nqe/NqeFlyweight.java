package io.nsaas.nqe;

import static io.nsaas.nqe.NqeDescriptor.BYTE_ORDER;
import static io.nsaas.nqe.NqeDescriptor.DATA_LENGTH_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.DATA_OFFSET_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.FLAGS_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.LENGTH;
import static io.nsaas.nqe.NqeDescriptor.OPCODE_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.OPERAND_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.QUEUE_SET_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.REQUEST_ID_OFFSET;
import static io.nsaas.nqe.NqeDescriptor.SOCKET_ID_OFFSET;

import io.nsaas.spi.Errno;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes one NQE ({@link NqeDescriptor}) in place in a buffer, little-endian.
 *
 * <p>Ownership and threading: a flyweight is a reusable cursor owned by one thread; wrap it once per
 * record, no allocation except {@link #toString()}. Getters return whatever bytes are there: an NQE
 * from shared memory is hostile, so copy it into a private buffer ({@link #copyFrom}) and check it
 * with {@link NqeValidator} before acting on it. Setters throw {@link IllegalArgumentException} for a
 * value the field cannot hold (a programming error), and {@link #wrap} throws
 * {@link IndexOutOfBoundsException} when 32 bytes do not fit.
 */
public final class NqeFlyweight {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points this flyweight at the NQE starting at {@code offset}.
     *
     * @return this
     * @throws IndexOutOfBoundsException when {@code [offset, offset + 32)} is not inside the buffer
     */
    public NqeFlyweight wrap(MutableDirectBuffer buffer, int offset) {
        if (offset < 0 || (long) offset + LENGTH > buffer.capacity()) {
            throw new IndexOutOfBoundsException(
                "NQE at offset " + offset + " needs " + LENGTH + " bytes but the buffer holds " + buffer.capacity());
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** @return the offset of the NQE in the wrapped buffer */
    public int offset() {
        return offset;
    }

    /** Zeroes all 32 bytes. @return this */
    public NqeFlyweight reset() {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        return this;
    }

    /** Copies the 32 bytes at {@code srcOffset} of {@code src} over this NQE. @return this */
    public NqeFlyweight copyFrom(DirectBuffer src, int srcOffset) {
        buffer.putBytes(offset, src, srcOffset, LENGTH);
        return this;
    }

    /** @return the opcode, 0..255 */
    public int opcode() {
        return buffer.getByte(offset + OPCODE_OFFSET) & 0xFF;
    }

    /** @return this */
    public NqeFlyweight opcode(int opcode) {
        checkRange("opcode", opcode, 0xFF);
        buffer.putByte(offset + OPCODE_OFFSET, (byte) opcode);
        return this;
    }

    /** @return the flag bits, 0..255 */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return this */
    public NqeFlyweight flags(int flags) {
        checkRange("flags", flags, 0xFF);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    /** @return the queue set, 0..65535 */
    public int queueSet() {
        return buffer.getShort(offset + QUEUE_SET_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    /** @return this */
    public NqeFlyweight queueSet(int queueSet) {
        checkRange("queue set", queueSet, NqeDescriptor.MAX_QUEUE_SET);
        buffer.putShort(offset + QUEUE_SET_OFFSET, (short) queueSet, BYTE_ORDER);
        return this;
    }

    public int socketId() {
        return buffer.getInt(offset + SOCKET_ID_OFFSET, BYTE_ORDER);
    }

    /** @return this */
    public NqeFlyweight socketId(int socketId) {
        buffer.putInt(offset + SOCKET_ID_OFFSET, socketId, BYTE_ORDER);
        return this;
    }

    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, BYTE_ORDER);
    }

    /** @return this */
    public NqeFlyweight requestId(long requestId) {
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, BYTE_ORDER);
        return this;
    }

    /** @return the operand of a request or event */
    public long operand() {
        return buffer.getLong(offset + OPERAND_OFFSET, BYTE_ORDER);
    }

    /** @return this */
    public NqeFlyweight operand(long operand) {
        buffer.putLong(offset + OPERAND_OFFSET, operand, BYTE_ORDER);
        return this;
    }

    /** @return the result of a completion ({@code >= 0} or {@code -errno}); the operand field */
    public long result() {
        return operand();
    }

    /** @return this */
    public NqeFlyweight result(long result) {
        return operand(result);
    }

    public int dataOffset() {
        return buffer.getInt(offset + DATA_OFFSET_OFFSET, BYTE_ORDER);
    }

    /** @return this */
    public NqeFlyweight dataOffset(int dataOffset) {
        buffer.putInt(offset + DATA_OFFSET_OFFSET, dataOffset, BYTE_ORDER);
        return this;
    }

    public int dataLength() {
        return buffer.getInt(offset + DATA_LENGTH_OFFSET, BYTE_ORDER);
    }

    /** @return this */
    public NqeFlyweight dataLength(int dataLength) {
        buffer.putInt(offset + DATA_LENGTH_OFFSET, dataLength, BYTE_ORDER);
        return this;
    }

    /**
     * @return the value of a SETSOCKOPT of a NUMERIC option: data length is the high 32 bits, data
     *         offset the low 32 bits (so the 8 bytes at offset 24 read as one little-endian long)
     */
    public long optionValue() {
        return buffer.getLong(offset + DATA_OFFSET_OFFSET, BYTE_ORDER);
    }

    /** Stores a NUMERIC option value in data offset (low 32 bits) and data length (high 32 bits). @return this */
    public NqeFlyweight optionValue(long value) {
        buffer.putLong(offset + DATA_OFFSET_OFFSET, value, BYTE_ORDER);
        return this;
    }

    /**
     * Writes the completion of {@code request} here: completion opcode ({@link Opcode#REJECTED} when
     * the request's opcode is not a request), flags 0, queue set, socket id and request id copied,
     * result stored, data offset and length 0. {@code request} may wrap the same bytes as this.
     *
     * @return this
     */
    public NqeFlyweight completionOf(NqeFlyweight request, long result) {
        int requestOpcode = request.opcode();
        int queueSet = request.queueSet();
        int socketId = request.socketId();
        long requestId = request.requestId();
        return opcode(Opcode.isRequest(requestOpcode) ? requestOpcode | Opcode.COMPLETION_BIT : Opcode.REJECTED)
            .flags(0)
            .queueSet(queueSet)
            .socketId(socketId)
            .requestId(requestId)
            .result(result)
            .dataOffset(0)
            .dataLength(0);
    }

    /** @return a one-line rendering for logs, such as {@code SEND flags=0x01 qs=0 socket=3 request=7 operand=0 data=64+100} */
    @Override
    public String toString() {
        if (buffer == null) {
            return "NQE(unwrapped)";
        }
        int opcode = opcode();
        StringBuilder text = new StringBuilder(96)
            .append(Opcode.name(opcode))
            .append(" flags=0x").append(Integer.toHexString(flags()))
            .append(" qs=").append(queueSet())
            .append(" socket=").append(socketId())
            .append(" request=").append(requestId());
        long operand = operand();
        if (Opcode.isCompletion(opcode) && operand < 0 && operand >= -0xFFF) {
            text.append(" result=-").append(Errno.name((int) -operand));
        } else {
            text.append(Opcode.isCompletion(opcode) ? " result=" : " operand=").append(operand);
        }
        return text.append(" data=").append(dataOffset()).append('+').append(dataLength()).toString();
    }

    private static void checkRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("NQE " + field + " " + value + " is outside 0.." + max);
        }
    }
}
