package io.nsaas.stack.cubic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Capability;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.StackLogger;
import io.nsaas.spi.TcpInfo;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

class CubicStackTest {
    @Test
    void descriptorNamesTheStackAndItsAlgorithm() {
        StackDescriptor d = new CubicStack().descriptor();
        assertEquals("cubic", d.id());
        assertEquals("1.0.0", d.version());
        assertEquals("cubic", d.algorithm());
        assertTrue(d.packetLevel() && d.has(Capability.SACK) && d.has(Capability.TIMESTAMPS));
    }

    @Test
    void createdInstanceRunsCubicAndRejectsUnknownOptions() {
        StackInstance instance = new CubicStack().create(new QuietHost(), new NoEvents(), Map.of("min-rto", "300ms"));
        int socket = instance.open();
        TcpInfo info = new TcpInfo();
        assertEquals(0, instance.info(socket, info));
        assertEquals("cubic", info.algorithm);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new CubicStack().create(new QuietHost(), new NoEvents(), Map.of("cc", "cubic")));
        assertTrue(e.getMessage().contains("unknown stack option 'cc'"), e.getMessage());
    }

    static final class NoEvents implements StackEvents {
        @Override
        public void onConnected(int socket) {
        }

        @Override
        public void onReadable(int socket) {
        }

        @Override
        public void onWritable(int socket) {
        }

        @Override
        public void onAcceptable(int socket) {
        }

        @Override
        public void onClosed(int socket, int errno) {
        }
    }

    static final class QuietHost implements StackHost, StackLogger {
        private final RandomGenerator random = new SplittableRandom(1);

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long scheduleTimer(long deadlineNanos) {
            return 0;
        }

        @Override
        public boolean cancelTimer(long timerId) {
            return false;
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public boolean transmit(DirectBuffer packet, int offset, int length) {
            return true;
        }

        @Override
        public int localAddress() {
            return 0x0A000001;
        }

        @Override
        public String tenantId() {
            return "t";
        }

        @Override
        public StackLogger logger() {
            return this;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String format, Object... arguments) {
        }

        @Override
        public void info(String format, Object... arguments) {
        }

        @Override
        public void warn(String format, Object... arguments) {
        }

        @Override
        public void error(String format, Object... arguments) {
        }
    }
}
