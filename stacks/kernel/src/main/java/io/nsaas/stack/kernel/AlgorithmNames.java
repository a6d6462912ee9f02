package io.nsaas.stack.kernel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Congestion-control names as Strings without allocating one per {@code info()}: the names the
 * kernel offered at start-up are kept with their bytes, and a name read from {@code TCP_CONGESTION}
 * is matched against them. A name not seen before (a module loaded later) is added while there is
 * room, else returned as a fresh String.
 *
 * <p>Threading: not thread-safe; owned by one instance.
 */
final class AlgorithmNames {
    private static final int CAPACITY = 32;

    private final String[] names = new String[CAPACITY];
    private final byte[][] bytes = new byte[CAPACITY][];
    private int count;

    AlgorithmNames(List<String> known) {
        for (String name : known) {
            if (count < CAPACITY) {
                add(name);
            }
        }
    }

    /** @return the name held in {@code length} ASCII bytes at {@code offset} of {@code buffer} */
    String name(DirectBuffer buffer, int offset, int length) {
        for (int i = 0; i < count; i++) {
            if (matches(bytes[i], buffer, offset, length)) {
                return names[i];
            }
        }
        String name = buffer.getStringWithoutLengthAscii(offset, length);
        if (count < CAPACITY) {
            add(name);
        }
        return name;
    }

    private void add(String name) {
        names[count] = name;
        bytes[count] = name.getBytes(StandardCharsets.US_ASCII);
        count++;
    }

    private static boolean matches(byte[] candidate, DirectBuffer buffer, int offset, int length) {
        if (candidate.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (candidate[i] != buffer.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
