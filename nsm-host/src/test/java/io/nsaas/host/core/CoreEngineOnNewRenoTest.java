package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.nsm.Nsm;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackInstance;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoreEngines on the real NewReno plugin (the zips the build puts in {@code nsaas.test.plugins}), NSMs
 * driven on the test thread under a virtual clock so runs repeat exactly. An honest server and client
 * tenant move a stream through their regions, the switch and NewReno; a malicious tenant on the
 * server's NSM fuzzes its job ring, aims at the honest tenants' socket ids, then corrupts its ring.
 */
class CoreEngineOnNewRenoTest {
    private static final int SERVER = 0x0A09_0001;
    private static final int CLIENT = 0x0A09_0002;
    private static final int MALICIOUS = 0x0A09_0003;
    private static final int PORT = 7000;
    private static final long BYTES = 24L << 20;
    private static final long STEP_NANOS = 5_000;
    private static final int MAX_STEPS = 400_000;
    private static final int CORRUPT_AT = 150;

    @TempDir
    static Path work;
    private static PluginStackRegistry registry;

    @BeforeAll
    static void loadPlugins() {
        String dir = System.getProperty("nsaas.test.plugins");
        assertNotNull(dir, "Surefire sets nsaas.test.plugins to <repo>/target/plugins");
        registry = new StackPluginLoader(work.resolve("plugins")).load(List.of(Path.of(dir)));
        assertNotNull(registry.resolve("newreno", ""), "the newreno plugin zip is built before nsm-host");
    }

    @AfterAll
    static void closeRegistry() {
        registry.close();
    }

    private static RegionLayout layout() {
        return RegionLayout.compute(1 << 16, 1 << 14, 16, 16);
    }

    @Test
    void honestTenantsTransferIntactAndAsFastBesideAMaliciousOne() {
        Outcome alone = run(false);
        Outcome beside = run(true);

        assertEquals(BYTES, alone.received);
        assertEquals(alone.sent, alone.receivedSha, "intact without a neighbour");
        assertEquals(BYTES, beside.received);
        assertEquals(beside.sent, beside.receivedSha, "intact beside the malicious tenant");
        assertTrue(beside.steps <= alone.steps * 11 / 10, "throughput kept: " + beside.steps + " steps beside the"
            + " malicious tenant vs " + alone.steps + " alone");
        assertTrue(alone.steps > 2 * CORRUPT_AT, "the transfer outlasts the garbage phase: " + alone.steps);
        assertEquals(1, beside.fatal.size(), "the malicious tenant was stopped once: " + beside.fatal);
        assertTrue(beside.fatal.get(0).startsWith("tenant 'mal': job ring is corrupt"), beside.fatal.get(0));
        assertTrue(beside.maliciousErrors > 1000, "garbage got error completions: " + beside.maliciousErrors);
        assertEquals(0, beside.maliciousStolen, "no completion for the malicious tenant touched an honest socket");
        assertEquals(TenantState.RUNNING, beside.serverState);
    }

    private record Outcome(long steps, long received, String sent, String receivedSha, List<String> fatal,
                           long maliciousErrors, long maliciousStolen, TenantState serverState) {
    }

    private Outcome run(boolean malicious) {
        AtomicLong now = new AtomicLong();
        LoadedStack newreno = registry.resolve("newreno", "");
        RegionLayout layout = layout();
        List<String> fatal = new ArrayList<>();
        Map<String, CoreEngine> engines = new HashMap<>();
        TestGuest serverGuest = new TestGuest(layout, "server");
        TestGuest clientGuest = new TestGuest(layout, "client");
        TestGuest malGuest = new TestGuest(layout, "mal");
        Map<String, TestGuest> guests = Map.of("server", serverGuest, "client", clientGuest, "mal", malGuest);
        NsmGroup.Builder builder = NsmGroup.builder(now::get).wiring(spec -> {
            CoreEngine engine = new CoreEngine(spec.tenantId(), layout, guests.get(spec.tenantId()).region,
                CoreSettings.defaults(), fatal::add);
            engines.put(spec.tenantId(), engine);
            return new TenantWiring(engine, engine);
        });
        builder.tenant(new TenantSpec("server", SERVER, 24, "shared", newreno, Map.of(), 7, "test:server"));
        builder.tenant(new TenantSpec("client", CLIENT, 24, "", newreno, Map.of(), 7, "test:client"));
        if (malicious) {
            builder.tenant(new TenantSpec("mal", MALICIOUS, 24, "shared", newreno, Map.of(), 7, "test:mal"));
        }
        try (NsmGroup group = builder.build()) {
            Server server = new Server(serverGuest);
            Client client = new Client(clientGuest);
            Malicious mal = new Malicious(malGuest);
            long step = 0;
            boolean removed = false;
            while (!server.done && step < MAX_STEPS) {
                server.step();
                client.step();
                if (malicious) {
                    mal.step(step, client.socket);
                    if (!fatal.isEmpty() && !removed) {
                        group.nsm("shared").requestRemoveTenant("mal");
                        removed = true;
                    }
                }
                for (Nsm nsm : group.nsms()) {
                    nsm.doWork();
                }
                now.addAndGet(STEP_NANOS);
                step++;
            }
            assertTrue(server.done, "transfer finished within " + MAX_STEPS + " steps; server got " + server.received
                + " bytes, client sent " + client.sentBytes);
            TenantState serverState = group.status("server").orElseThrow().state();
            return new Outcome(step, server.received, client.digest(), server.digest(), fatal, mal.errors, mal.stolen,
                serverState);
        }
    }

    /** Listens, accepts one connection, keeps four blocking RECVs outstanding and digests the stream. */
    private static final class Server {
        private final TestGuest guest;
        private final MessageDigest sha = sha256();
        private final Map<Long, String> pending = new HashMap<>();
        private int connection = -1;
        long received;
        boolean done;
        private boolean started;

        Server(TestGuest guest) {
            this.guest = guest;
        }

        void step() {
            if (!started) {
                started = true;
                pending.put(guest.submit(Opcode.SOCKET, -1, 0), "socket");
            }
            guest.poll();
            for (TestGuest.Completion c : guest.completionsInOrder()) {
                String what = pending.remove(c.requestId());
                if (what == null) {
                    continue;
                }
                assertTrue(c.result() >= 0, "server " + what + " failed: " + c);
                switch (what) {
                    case "socket" -> {
                        int listener = (int) c.result();
                        pending.put(guest.submit(Opcode.BIND, listener, Endpoint.pack(SERVER, PORT)), "bind");
                        pending.put(guest.submit(Opcode.LISTEN, listener, 16), "listen");
                        pending.put(guest.submit(Opcode.ACCEPT, listener, 0), "accept");
                    }
                    case "accept" -> {
                        connection = (int) c.result();
                        for (int i = 0; i < 4; i++) {
                            pending.put(guest.submit(Opcode.RECV, connection, guest.layout.chunkSize()), "recv");
                        }
                    }
                    case "recv" -> {
                        if (c.result() == 0) {
                            done = true;
                        } else {
                            sha.update(guest.bytes(c));
                            received += c.result();
                            guest.returnRxChunk(c);
                            pending.put(guest.submit(Opcode.RECV, connection, guest.layout.chunkSize()), "recv");
                        }
                    }
                    default -> { }
                }
            }
            guest.completionsInOrder().clear();
        }

        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Connects, then fills every free tx chunk with the next bytes of a seeded stream and SENDs them (blocking). */
    private static final class Client {
        private final TestGuest guest;
        private final MessageDigest sha = sha256();
        private final SplittableRandom random = new SplittableRandom(42);
        private final Map<Long, Integer> sends = new HashMap<>();
        private long connectRequest = -1;
        private long socketRequest;
        int socket = -1;
        private boolean connected;
        private boolean shut;
        long sentBytes;

        Client(TestGuest guest) {
            this.guest = guest;
            socketRequest = guest.submit(Opcode.SOCKET, -1, 0);
        }

        void step() {
            guest.poll();
            for (TestGuest.Completion c : guest.completionsInOrder()) {
                if (c.requestId() == socketRequest) {
                    socket = (int) c.result();
                    connectRequest = guest.submit(Opcode.CONNECT, socket, Endpoint.pack(SERVER, PORT));
                } else if (c.requestId() == connectRequest) {
                    assertEquals(0, c.result(), "connect");
                    connected = true;
                } else if (sends.containsKey(c.requestId())) {
                    assertEquals((long) sends.remove(c.requestId()), c.result(), "a blocking SEND completes whole");
                }
            }
            guest.completionsInOrder().clear();
            if (!connected) {
                return;
            }
            while (sentBytes < BYTES) {
                int chunk = guest.takeTxChunk();
                if (chunk < 0) {
                    break;
                }
                int length = (int) Math.min(guest.layout.chunkSize(), BYTES - sentBytes);
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                sha.update(bytes);
                int offset = guest.layout.txChunkOffset(chunk);
                guest.data.putBytes(offset, bytes);
                sends.put(guest.submit(Opcode.SEND, 0, socket, 0, offset, length), length);
                sentBytes += length;
            }
            if (sentBytes == BYTES && sends.isEmpty() && !shut) {
                shut = true;
                guest.submit(Opcode.SHUTDOWN, socket, StackInstance.SHUT_WR);
            }
        }

        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /**
     * Writes 32 fuzzed job records per step, aimed at small socket ids and the honest client's id, reads
     * its completions counting errors; at step {@value #CORRUPT_AT} corrupts its job ring's head position.
     */
    private static final class Malicious {
        private final TestGuest guest;
        private final SplittableRandom random = new SplittableRandom(99);
        private final UnsafeBuffer raw = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
        private final NqeFlyweight nqe = new NqeFlyweight().wrap(raw, 0);
        long errors;
        long stolen;

        Malicious(TestGuest guest) {
            this.guest = guest;
        }

        void step(long step, int honestSocket) {
            if (step == CORRUPT_AT) {
                int trailer = guest.layout.ringOffset(RegionRing.JOB) + guest.layout.ringCapacity(RegionRing.JOB);
                guest.region.putLong(trailer + RingBufferDescriptor.HEAD_POSITION_OFFSET, 12_345_677);
            }
            if (step >= CORRUPT_AT) {
                return;
            }
            for (int i = 0; i < 32; i++) {
                for (int b = 0; b < NqeDescriptor.LENGTH; b += 8) {
                    raw.putLong(b, random.nextLong());
                }
                nqe.opcode(random.nextInt(3) == 0 ? random.nextInt(256) : 1 + random.nextInt(Opcode.INFO));
                if (random.nextBoolean()) {
                    nqe.flags(NqeDescriptor.FLAG_NONBLOCK).queueSet(0).dataOffset(0).dataLength(0);
                    nqe.socketId(random.nextBoolean() ? honestSocket : random.nextInt(4));
                }
                guest.submitRaw(raw);
            }
            guest.poll();
            for (TestGuest.Completion c : guest.completionsInOrder()) {
                if (c.result() < 0) {
                    errors++;
                } else if (c.socketId() == honestSocket && c.opcode() != (Opcode.NOP | Opcode.COMPLETION_BIT)) {
                    stolen++;
                }
                if (c.dataLength() > 0 && guest.layout.rxChunkIndex(c.dataOffset()) >= 0) {
                    guest.returnRxChunk(c);
                }
            }
            guest.completionsInOrder().clear();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
