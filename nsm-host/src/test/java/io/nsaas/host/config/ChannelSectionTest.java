package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsaas.host.channel}: defaults, units, and each bad key at its own FILE:LINE. */
class ChannelSectionTest {
    @TempDir
    java.nio.file.Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private List<String> problemsWith(String channelSetting) {
        return fixture.problems("nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n"
            + "nsaas.host.channel." + channelSetting + "\n" + ConfigFixture.VM_A);
    }

    private String line2() {
        return dir.resolve("host.conf") + ":2: ";
    }

    @Test
    void defaultsMatchReferenceConf() {
        HostConfig config = fixture.load("nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n" + ConfigFixture.VM_A);
        assertEquals(ChannelSettings.defaults(), config.host().channel());
        assertEquals(64 * 1024, config.host().channel().layout().chunkSize());
    }

    @Test
    void readsSizesWithUnits() {
        HostConfig config = fixture.load("nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n"
            + "nsaas.host.channel { chunk-size = 4KiB, tx-chunks = 8, rx-chunks = 16, ring-capacity = \"1 MiB\","
            + " max-sockets = 10 }\n" + ConfigFixture.VM_A);
        assertEquals(new ChannelSettings(4096, 8, 16, 1 << 20, 10), config.host().channel());
        assertEquals(10, config.host().channel().coreSettings().maxSockets());
    }

    @Test
    void rejectsAChunkSizeThatIsNoPowerOfTwo() {
        assertEquals(List.of(line2() + "nsaas.host.channel.chunk-size: is 3000 bytes;"
                + " expected a power of two from 256B to 1MiB, e.g. 64KiB"),
            problemsWith("chunk-size = 3000"));
    }

    @Test
    void rejectsAnAmbiguousUnit() {
        assertEquals(List.of(line2() + "nsaas.host.channel.ring-capacity: '64k' has the ambiguous unit 'k';"
                + " expected a power of two from 1KiB to 1GiB, e.g. 256KiB"),
            problemsWith("ring-capacity = 64k"));
    }

    @Test
    void rejectsChunkCountsAndSocketsOutOfRange() {
        assertEquals(List.of(line2() + "nsaas.host.channel.tx-chunks: is 0, outside 1..65536; expected a whole number"
                + " from 1 to 65536"), problemsWith("tx-chunks = 0"));
        assertEquals(List.of(line2() + "nsaas.host.channel.max-sockets: is the string 'many'; expected a whole number"
                + " from 1 to 1048576"), problemsWith("max-sockets = many"));
    }

    @Test
    void rejectsARegionOverTwoGibibytes() {
        List<String> problems = fixture.problems("nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n"
            + "nsaas.host.channel { chunk-size = 1MiB, tx-chunks = 2048, rx-chunks = 2048 }\n" + ConfigFixture.VM_A);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).equals(line2() + "nsaas.host.channel: makes no region: region of 4295892992 bytes (2048 tx + 2048 rx chunks of 1048576 bytes) exceeds 2147483647 bytes; expected fewer or smaller chunks (a region is at most 2147483647 bytes)"), problems.get(0));
    }

    @Test
    void rejectsUnknownKeysWithANearMiss() {
        assertEquals(List.of(line2() + "nsaas.host.channel.chunk-sise: unknown key; did you mean nsaas.host.channel.chunk-size?"),
            problemsWith("chunk-sise = 4KiB"));
    }
}
