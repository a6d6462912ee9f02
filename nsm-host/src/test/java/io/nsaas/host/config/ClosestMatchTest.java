package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestMatchTest {
    private static final List<String> HOST_KEYS = HostSectionReader.KEYS;

    @Test
    void countsInsertionsDeletionsSubstitutionsAndTranspositionsAsOneEditEach() {
        assertEquals(0, ClosestMatch.distance("seed", "seed"));
        assertEquals(1, ClosestMatch.distance("plugin", "plugins"));
        assertEquals(1, ClosestMatch.distance("seeds", "seed"));
        assertEquals(1, ClosestMatch.distance("work_dir", "work-dir"));
        assertEquals(1, ClosestMatch.distance("nms", "nsm"));
        assertEquals(3, ClosestMatch.distance("", "abc"));
        assertEquals(3, ClosestMatch.distance("kitten", "sitting"));
    }

    @Test
    void suggestsTheNearestKnownKeyIgnoringCase() {
        assertEquals("plugins", ClosestMatch.among("plugin", HOST_KEYS));
        assertEquals("shm-dir", ClosestMatch.among("shmdir", HOST_KEYS));
        assertEquals("control-socket", ClosestMatch.among("Control-Socket", HOST_KEYS));
        assertEquals("work-dir", ClosestMatch.among("workdir", HOST_KEYS));
    }

    @Test
    void suggestsNothingWhenEveryKeyIsTooFarAway() {
        assertNull(ClosestMatch.among("colour", HOST_KEYS));
        assertNull(ClosestMatch.among("xyz", List.of("nsm")), "short words allow only one edit");
        assertNull(ClosestMatch.among("anything", List.of()));
    }
}
