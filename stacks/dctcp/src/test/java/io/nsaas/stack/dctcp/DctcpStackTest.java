package io.nsaas.stack.dctcp;

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

class DctcpStackTest {
    @Test
    void descriptorNamesTheStackItsAlgorithmAndEcn() {
        StackDescriptor d = new DctcpStack().descriptor();
        assertEquals("dctcp", d.id());
        assertEquals("1.0.0", d.version());
        assertEquals("dctcp", d.algorithm());
        assertTrue(d.packetLevel() && d.has(Capability.SACK) && d.has(Capability.TIMESTAMPS) && d.has(Capability.ECN));
    }

    @Test
    void createdInstanceRunsDctcpAndReportsAlpha() {
        StackInstance instance = new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("min-rto", "5ms"));
        int socket = instance.open();
        TcpInfo info = new TcpInfo();
        assertEquals(0, instance.info(socket, info));
        assertEquals("dctcp", info.algorithm);
        assertEquals(1.0, info.algorithmValue("alpha"), "RFC 8257: alpha starts at 1");
        assertEquals(0.0, info.algorithmValue("ecn"), "not connected: no ECN negotiated");
    }

    @Test
    void dctcpOptionsReachTheAlgorithmAndTheRestTheEngine() {
        StackInstance instance = new DctcpStack().create(new QuietHost(), new NoEvents(),
            Map.of("dctcp-initial-alpha", "0.25", "dctcp-shift-g", "5", "delayed-ack", "0"));
        int socket = instance.open();
        TcpInfo info = new TcpInfo();
        assertEquals(0, instance.info(socket, info));
        assertEquals(0.25, info.algorithmValue("alpha"));
    }

    @Test
    void rejectsUnknownAndMalformedOptionsNamingThem() {
        IllegalArgumentException engine = assertThrows(IllegalArgumentException.class,
            () -> new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("cc", "cubic")));
        assertTrue(engine.getMessage().contains("unknown stack option 'cc'"), engine.getMessage());
        assertTrue(engine.getMessage().contains("dctcp-shift-g"), engine.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
            () -> new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("dctcp-g", "16")));
        assertTrue(own.getMessage().contains("unknown stack option 'dctcp-g'"), own.getMessage());
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class,
            () -> new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("dctcp-shift-g", "1/16")));
        assertTrue(shift.getMessage().contains("dctcp-shift-g = '1/16' is not an integer"), shift.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
            () -> new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("dctcp-shift-g", "11")));
        assertTrue(range.getMessage().contains("dctcp-shift-g = 11 is out of range"), range.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
            () -> new DctcpStack().create(new QuietHost(), new NoEvents(), Map.of("dctcp-initial-alpha", "2")));
        assertTrue(alpha.getMessage().contains("dctcp-initial-alpha = '2' is not a number in 0..1"), alpha.getMessage());
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
