package io.nsaas.stack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SocketOptionsTest {

    @Test
    void booleanOptionsReadBackWhatWasSet() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            for (SocketOption option : new SocketOption[] {
                SocketOption.SO_REUSEADDR, SocketOption.SO_KEEPALIVE, SocketOption.TCP_NODELAY}) {
                assertEquals(0, h.stack.setOption(socket, option, 1), option.name());
                assertEquals(1, h.stack.getOption(socket, option), option.name());
                assertEquals(0, h.stack.setOption(socket, option, 0), option.name());
                assertEquals(0, h.stack.getOption(socket, option), option.name());
            }
        }
    }

    @Test
    void bufferSizesReadBackDoubledAsLinuxBooksOverhead() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            assertEquals(0, h.stack.setOption(socket, SocketOption.SO_RCVBUF, 32 * 1024));
            assertEquals(64 * 1024, h.stack.getOption(socket, SocketOption.SO_RCVBUF));
            assertEquals(0, h.stack.setOption(socket, SocketOption.SO_SNDBUF, 24 * 1024));
            assertEquals(48 * 1024, h.stack.getOption(socket, SocketOption.SO_SNDBUF));
        }
    }

    @Test
    void tcpNumericOptionsReadBackWhatWasSet() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            assertEquals(0, h.stack.setOption(socket, SocketOption.TCP_MAXSEG, 1200));
            assertEquals(1200, h.stack.getOption(socket, SocketOption.TCP_MAXSEG));
            assertEquals(0, h.stack.setOption(socket, SocketOption.TCP_USER_TIMEOUT, 4500));
            assertEquals(4500, h.stack.getOption(socket, SocketOption.TCP_USER_TIMEOUT));
        }
    }

    @Test
    void lingerTravelsAsOnOffAndSeconds() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            assertEquals(SocketOption.linger(false, 0), h.stack.getOption(socket, SocketOption.SO_LINGER));
            assertEquals(0, h.stack.setOption(socket, SocketOption.SO_LINGER, SocketOption.linger(true, 7)));
            assertEquals(SocketOption.linger(true, 7), h.stack.getOption(socket, SocketOption.SO_LINGER));
            assertEquals(0, h.stack.setOption(socket, SocketOption.SO_LINGER, SocketOption.linger(false, 0)));
            assertFalse(SocketOption.lingerOn(h.stack.getOption(socket, SocketOption.SO_LINGER)));
            assertEquals(-Errno.EINVAL, h.stack.setOption(socket, SocketOption.SO_LINGER, 2L << 32));
            assertEquals(-Errno.EINVAL, h.stack.setOption(socket, SocketOption.SO_LINGER, -1));
        }
    }

    @Test
    void soErrorIsReadOnlyAndZeroOnAHealthySocket() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            assertEquals(0, h.stack.getOption(socket, SocketOption.SO_ERROR));
            assertEquals(-Errno.ENOPROTOOPT, h.stack.setOption(socket, SocketOption.SO_ERROR, 1));
        }
    }

    @Test
    void outOfRangeValuesAndWrongKindsAreRejected() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            assertEquals(-Errno.EINVAL, h.stack.setOption(socket, SocketOption.SO_RCVBUF, -1));
            assertEquals(-Errno.EINVAL, h.stack.setOption(socket, SocketOption.TCP_MAXSEG, 1L << 40));
            assertEquals(-Errno.ENOPROTOOPT, h.stack.setOption(socket, SocketOption.TCP_CONGESTION, 1));
            assertEquals(-Errno.ENOPROTOOPT, h.stack.getOption(socket, SocketOption.TCP_CONGESTION));
            assertEquals(-Errno.ENOPROTOOPT, h.stack.setOption(socket, null, 1));
            UnsafeBuffer bytes = new UnsafeBuffer(new byte[16]);
            assertEquals(-Errno.ENOPROTOOPT, h.stack.setOptionBytes(socket, SocketOption.TCP_NODELAY, bytes, 0, 4));
            assertEquals(-Errno.EINVAL, h.stack.setOptionBytes(socket, SocketOption.TCP_CONGESTION, bytes, 10, 7));
        }
    }

    @Test
    void congestionControlIsSetAndReadBackAsBytes() {
        // Every allowed algorithm can be set without CAP_NET_ADMIN, so this holds for any user.
        try (KernelStackHarness h = new KernelStackHarness()) {
            int socket = h.stack.open();
            for (String name : KernelStackTest.procNames(KernelStackOptions.ALLOWED_FILE)) {
                byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
                assertEquals(0, h.stack.setOptionBytes(socket, SocketOption.TCP_CONGESTION, new UnsafeBuffer(ascii), 0, ascii.length));
                assertEquals(name, KernelStackTest.congestionControl(h, socket));
            }
            UnsafeBuffer unknown = new UnsafeBuffer("no-such-cc".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-Errno.ENOENT, h.stack.setOptionBytes(socket, SocketOption.TCP_CONGESTION, unknown, 0, 10));
            UnsafeBuffer small = new UnsafeBuffer(new byte[16]);
            assertEquals(-Errno.EINVAL, h.stack.getOptionBytes(socket, SocketOption.TCP_CONGESTION, small, 0, 2),
                "a range shorter than the name");
            int length = h.stack.getOptionBytes(socket, SocketOption.TCP_CONGESTION, small, 4, 12);
            assertTrue(length > 0);
            assertEquals(0, small.getByte(3), "nothing written before the range");
        }
    }
}
