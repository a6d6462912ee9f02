package io.nsaas.nqe;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;

/**
 * The host's per-NQE check of a request taken from a tenant's job ring. It does not allocate and
 * never throws for any field value: it returns 0 when the request may be executed, or the
 * {@code -errno} to answer in the completion.
 *
 * <p>Validate a private copy: a guest can rewrite shared memory between check and use, so copy the
 * 32 bytes out of the ring first ({@link NqeFlyweight#copyFrom}), after checking that the ring record
 * is {@link NqeDescriptor#LENGTH} bytes of type {@link NqeDescriptor#MSG_TYPE_ID}.
 *
 * <p>Checks in order; the first failure decides the answer:
 * <ol>
 *   <li>opcode is not a request (0x01..0x0F): {@code -EINVAL}</li>
 *   <li>a flag bit other than NONBLOCK and MORE, or MORE on anything but SEND: {@code -EINVAL}</li>
 *   <li>queue set {@code >=} {@link RegionLayout#QUEUE_SET_COUNT}: {@code -EINVAL}</li>
 *   <li>NOP and SOCKET with a socket id other than -1: {@code -EINVAL}; any other request with a
 *       socket id outside [0, maxSockets): {@code -EBADF}</li>
 *   <li>operand: BIND and CONNECT outside [0, 2^48), LISTEN outside [0, 2^31), SHUTDOWN other than
 *       0, 1, 2, RECV outside [1, chunk size], SETSOCKOPT and GETSOCKOPT outside [0, 2^32), any
 *       other request non-zero: {@code -EINVAL}; SET/GETSOCKOPT of an option code that
 *       {@link SocketOption#fromCode} does not know: {@code -ENOPROTOOPT}</li>
 *   <li>data: for SEND and SETSOCKOPT of a BYTES option a negative length is {@code -EINVAL}; an
 *       offset outside the guest-tx area, or a range that does not lie inside one tx chunk
 *       ({@code offset % chunkSize + length > chunkSize}), is {@code -EFAULT}. SETSOCKOPT of a
 *       NUMERIC option carries its value in these fields and is not checked. Every other request
 *       must have offset and length 0: {@code -EINVAL}.</li>
 * </ol>
 * Whether the socket id is open, and whether a value suits the option, is the stack's to answer.
 *
 * <p>Immutable and thread-safe.
 */
public final class NqeValidator {
    /** Upper bound (exclusive) of a packed {@link io.nsaas.spi.Endpoint}. */
    static final long ENDPOINT_LIMIT = 1L << 48;
    static final long OPTION_CODE_LIMIT = 1L << 32;

    private final int maxSockets;
    private final long txAreaLength;
    private final long chunkSize;

    /**
     * @param layout     the tenant's region layout (the host's own, never re-read from shared memory)
     * @param maxSockets how many socket ids the tenant may use; ids are [0, maxSockets)
     */
    public NqeValidator(RegionLayout layout, int maxSockets) {
        if (maxSockets <= 0) {
            throw new IllegalArgumentException("max sockets " + maxSockets + " must be > 0");
        }
        this.maxSockets = maxSockets;
        this.txAreaLength = layout.txAreaLength();
        this.chunkSize = layout.chunkSize();
    }

    /** @return how many socket ids a tenant may use */
    public int maxSockets() {
        return maxSockets;
    }

    /** @return 0 when {@code request} may be executed, otherwise {@code -errno} for its completion */
    public int validate(NqeFlyweight request) {
        int opcode = request.opcode();
        if (!Opcode.isRequest(opcode)) {
            return -Errno.EINVAL;
        }
        int flags = request.flags();
        if ((flags & ~NqeDescriptor.KNOWN_FLAGS) != 0 || (flags & NqeDescriptor.FLAG_MORE) != 0 && opcode != Opcode.SEND) {
            return -Errno.EINVAL;
        }
        if (request.queueSet() >= RegionLayout.QUEUE_SET_COUNT) {
            return -Errno.EINVAL;
        }
        int socketId = request.socketId();
        if (opcode == Opcode.NOP || opcode == Opcode.SOCKET) {
            if (socketId != NqeDescriptor.NO_SOCKET) {
                return -Errno.EINVAL;
            }
        } else if (socketId < 0 || socketId >= maxSockets) {
            return -Errno.EBADF;
        }
        long operand = request.operand();
        int operandCheck = checkOperand(opcode, operand);
        if (operandCheck != 0) {
            return operandCheck;
        }
        if (carriesTxData(opcode, operand)) {
            return checkTxRange(request.dataOffset(), request.dataLength());
        }
        if (opcode == Opcode.SETSOCKOPT) {
            return 0;
        }
        return request.dataOffset() == 0 && request.dataLength() == 0 ? 0 : -Errno.EINVAL;
    }

    private int checkOperand(int opcode, long operand) {
        switch (opcode) {
            case Opcode.BIND:
            case Opcode.CONNECT:
                return operand >= 0 && operand < ENDPOINT_LIMIT ? 0 : -Errno.EINVAL;
            case Opcode.LISTEN:
                return operand >= 0 && operand <= Integer.MAX_VALUE ? 0 : -Errno.EINVAL;
            case Opcode.SHUTDOWN:
                return operand == StackInstance.SHUT_RD || operand == StackInstance.SHUT_WR
                    || operand == StackInstance.SHUT_RDWR ? 0 : -Errno.EINVAL;
            case Opcode.RECV:
                return operand >= 1 && operand <= chunkSize ? 0 : -Errno.EINVAL;
            case Opcode.SETSOCKOPT:
            case Opcode.GETSOCKOPT:
                if (operand < 0 || operand >= OPTION_CODE_LIMIT) {
                    return -Errno.EINVAL;
                }
                return SocketOption.fromCode((int) operand) == null ? -Errno.ENOPROTOOPT : 0;
            default:
                return operand == 0 ? 0 : -Errno.EINVAL;
        }
    }

    /** Only called once the operand passed: a SETSOCKOPT operand is then a known option code. */
    private static boolean carriesTxData(int opcode, long operand) {
        return opcode == Opcode.SEND
            || opcode == Opcode.SETSOCKOPT && SocketOption.fromCode((int) operand).kind() == SocketOption.Kind.BYTES;
    }

    private int checkTxRange(int dataOffset, int dataLength) {
        if (dataLength < 0) {
            return -Errno.EINVAL;
        }
        long offset = dataOffset;
        if (offset < 0 || offset >= txAreaLength) {
            return -Errno.EFAULT;
        }
        return offset % chunkSize + dataLength <= chunkSize ? 0 : -Errno.EFAULT;
    }
}
