package io.nsaas.stack.kernel;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Linux {@code struct epoll_event}: a 32-bit event mask and a 64-bit user datum. On x86-64 the
 * kernel declares the struct packed ({@code __EPOLL_PACKED}), so it is 12 bytes with the datum
 * unaligned at offset 4; on arm64 it has natural alignment, 16 bytes with the datum at offset 8.
 *
 * <pre>
 *  x86-64 (packed, 12 bytes)              arm64 (aligned, 16 bytes)
 *  +--------+------------------+          +--------+--------+------------------+
 *  | events |       data       |          | events |  pad   |       data       |
 *  +--------+------------------+          +--------+--------+------------------+
 *  0        4                  12         0        4        8                  16
 * </pre>
 *
 * <p>Both fields are in host byte order. Only these two 64-bit Linux architectures are supported:
 * the binding in {@link LibC} passes pointers as 64-bit integers and uses their shared constants.
 *
 * @param length      size of one event in bytes
 * @param dataOffset  offset of the 64-bit datum within one event
 */
record EpollEventDescriptor(int length, int dataOffset) {
    static final int EVENTS_OFFSET = 0;

    static final EpollEventDescriptor X86_64 = new EpollEventDescriptor(12, 4);
    static final EpollEventDescriptor AARCH64 = new EpollEventDescriptor(16, 8);

    /**
     * @return the layout for the running JVM's architecture
     * @throws IllegalStateException on anything but Linux on x86-64 or arm64
     */
    static EpollEventDescriptor forCurrentArchitecture() {
        return forPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static EpollEventDescriptor forPlatform(String osName, String osArch) {
        if (!osName.startsWith("Linux")) {
            throw new IllegalStateException("the kernel stack needs Linux (epoll, TCP_INFO); this JVM runs on '"
                + osName + "': pick a packet-level stack for this tenant instead");
        }
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "aarch64":
            case "arm64":
                return AARCH64;
            default:
                throw new IllegalStateException("the kernel stack supports Linux on x86-64 and arm64 only; this JVM's os.arch is '"
                    + osArch + "': pick a packet-level stack for this tenant instead");
        }
    }

    /** @return the event mask of event {@code index} in an array starting at offset 0 */
    int events(DirectBuffer array, int index) {
        return array.getInt(index * length + EVENTS_OFFSET, ByteOrder.nativeOrder());
    }

    /** @return the datum of event {@code index} in an array starting at offset 0 */
    long data(DirectBuffer array, int index) {
        return array.getLong(index * length + dataOffset, ByteOrder.nativeOrder());
    }

    /** Writes one event at {@code offset}. */
    void write(MutableDirectBuffer buffer, int offset, int events, long data) {
        buffer.setMemory(offset, length, (byte) 0);
        buffer.putInt(offset + EVENTS_OFFSET, events, ByteOrder.nativeOrder());
        buffer.putLong(offset + dataOffset, data, ByteOrder.nativeOrder());
    }
}
