package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackDescriptorTest {

    @Test
    void acceptsAWellFormedDescriptor() {
        StackDescriptor descriptor = new StackDescriptor("cubic", "1.2.3-rc.1", "cubic",
            EnumSet.of(Capability.PACKET_LEVEL, Capability.SACK));
        assertTrue(descriptor.packetLevel());
        assertTrue(descriptor.has(Capability.SACK));
        assertFalse(descriptor.has(Capability.ECN));
        assertFalse(new StackDescriptor("kernel", "1.0.0", "kernel", Set.of(Capability.SOCKET_LEVEL)).packetLevel());
    }

    @Test
    void copiesCapabilitiesImmutably() {
        EnumSet<Capability> capabilities = EnumSet.of(Capability.PACKET_LEVEL);
        StackDescriptor descriptor = new StackDescriptor("reno", "1.0.0", "reno", capabilities);
        capabilities.add(Capability.ECN);
        assertFalse(descriptor.has(Capability.ECN));
        assertThrows(UnsupportedOperationException.class, () -> descriptor.capabilities().add(Capability.ECN));
    }

    @Test
    void rejectsBadIdsNamingThePattern() {
        for (String id : new String[] {"", "Cubic", "1cubic", "-cubic", "cu_bic", "a".repeat(33), "cubic "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackDescriptor(id, "1.0.0", "cubic", Set.of(Capability.PACKET_LEVEL)), id);
            assertTrue(e.getMessage().contains("stack id '" + id + "'"), e.getMessage());
        }
        new StackDescriptor("a".repeat(32), "1.0.0", "cubic", Set.of(Capability.PACKET_LEVEL));
    }

    @Test
    void rejectsVersionsThatAreNotSemantic() {
        for (String version : new String[] {"1", "1.0", "v1.0.0", "1.0.0.0", "1.0.x", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackDescriptor("reno", version, "reno", Set.of(Capability.PACKET_LEVEL)), version);
            assertTrue(e.getMessage().contains("version"), e.getMessage());
        }
    }

    @Test
    void rejectsBlankAlgorithm() {
        assertThrows(IllegalArgumentException.class,
            () -> new StackDescriptor("reno", "1.0.0", " ", Set.of(Capability.PACKET_LEVEL)));
    }

    @Test
    void requiresExactlyOneOfPacketAndSocketLevel() {
        assertThrows(IllegalArgumentException.class, () -> new StackDescriptor("reno", "1.0.0", "reno", Set.of()));
        assertThrows(IllegalArgumentException.class,
            () -> new StackDescriptor("reno", "1.0.0", "reno", Set.of(Capability.ECN)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StackDescriptor(
            "reno", "1.0.0", "reno", EnumSet.of(Capability.PACKET_LEVEL, Capability.SOCKET_LEVEL)));
        assertTrue(e.getMessage().contains("exactly one of PACKET_LEVEL and SOCKET_LEVEL"), e.getMessage());
    }

    @Test
    void rejectsNullFieldsNamingThem() {
        NullPointerException e = assertThrows(NullPointerException.class,
            () -> new StackDescriptor(null, "1.0.0", "reno", Set.of(Capability.PACKET_LEVEL)));
        assertEquals("id", e.getMessage());
        assertThrows(NullPointerException.class, () -> new StackDescriptor("reno", null, "reno", Set.of()));
        assertThrows(NullPointerException.class, () -> new StackDescriptor("reno", "1.0.0", null, Set.of()));
        assertThrows(NullPointerException.class, () -> new StackDescriptor("reno", "1.0.0", "reno", null));
    }
}
