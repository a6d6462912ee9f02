package io.nsaas.host.perf;

import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackDescriptor;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.agrona.concurrent.NanoClock;

/**
 * {@code nsaas perf local}: a {@link PerfServer} tenant and a {@link PerfClient} tenant of one host,
 * each on its own NSM, moving one stream between them: the benchmark path.
 *
 * <p>Packet-level stacks talk over the in-host switch: the server is {@code 10.77.0.1/24} and listens
 * on port {@value #PORT}, the client is {@code 10.77.0.2/24}. Socket-level stacks (kernel) talk over
 * host loopback: the server listens on 127.0.0.1 on a port the kernel picks, so runs never collide.
 *
 * <p>Threading: the controlling thread.
 */
public final class LocalTransfer implements AutoCloseable {
    /** The server tenant's address on the switch, 10.77.0.1. */
    public static final int SERVER_ADDRESS = 0x0A4D_0001;
    /** The client tenant's address on the switch, 10.77.0.2. */
    public static final int CLIENT_ADDRESS = 0x0A4D_0002;
    /** Prefix length of both. */
    public static final int PREFIX_LENGTH = 24;
    /** The server's port on the switch. */
    public static final int PORT = 5201;

    private final PerfHost host;
    private final PerfClient client;
    private final PerfOutcomes clientOutcomes;
    private final PerfOutcomes serverOutcomes;
    private final long serverWaitMillis;

    private LocalTransfer(PerfHost host, PerfClient client, PerfOutcomes clientOutcomes, PerfOutcomes serverOutcomes,
                          long serverWaitMillis) {
        this.host = host;
        this.client = client;
        this.clientOutcomes = clientOutcomes;
        this.serverOutcomes = serverOutcomes;
        this.serverWaitMillis = serverWaitMillis;
    }

    /**
     * Starts both tenants and, once the server listens, the client's connect.
     *
     * @param timeoutNanos idle timeout of both sides, 0 for none
     * @throws PerfException exit 2 when the stacks cannot meet (one packet-level, one socket-level), exit 1
     *                       when a stack does not start or the server cannot listen
     */
    public static LocalTransfer start(NanoClock clock, LoadedStack serverStack, LoadedStack clientStack, long bytes,
                                      long seed, long timeoutNanos) throws InterruptedException {
        StackDescriptor server = serverStack.descriptor();
        StackDescriptor client = clientStack.descriptor();
        if (server.packetLevel() != client.packetLevel()) {
            throw PerfException.usage("stack '" + server.id() + "' is " + level(server) + " but stack '" + client.id()
                + "' is " + level(client) + ": the two tenants can only meet when both use the in-host switch"
                + " (packet-level) or both use host sockets (socket-level)");
        }
        boolean packet = server.packetLevel();
        PerfOutcomes serverOutcomes = new PerfOutcomes();
        PerfOutcomes clientOutcomes = new PerfOutcomes();
        PerfServer serverApp = new PerfServer(clock, packet ? SERVER_ADDRESS : PerfNetwork.LOOPBACK, packet ? PORT : 0,
            true, timeoutNanos, serverOutcomes);
        PerfClient clientApp = new PerfClient(clock, bytes, seed, Endpoint.ANY_ADDRESS, timeoutNanos, clientOutcomes);
        PerfHost host = PerfHost.builder(clock)
            .tenant("perf-server", serverStack, packet ? SERVER_ADDRESS : PerfNetwork.LOOPBACK, packet ? PREFIX_LENGTH : 8,
                serverApp)
            .tenant("perf-client", clientStack, packet ? CLIENT_ADDRESS : PerfNetwork.LOOPBACK, packet ? PREFIX_LENGTH : 8,
                clientApp)
            .start();
        try {
            clientApp.connect(serverApp.listening().get());
        } catch (ExecutionException e) {
            host.close();
            throw PerfException.failure("server: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | RuntimeException e) {
            host.close();
            throw e;
        }
        long serverWaitMillis = Math.max(10_000, timeoutNanos / 1_000_000);
        return new LocalTransfer(host, clientApp, clientOutcomes, serverOutcomes, serverWaitMillis);
    }

    private static String level(StackDescriptor stack) {
        return stack.packetLevel() ? "packet-level" : "socket-level";
    }

    /** @return the client application, for progress lines */
    public PerfApp client() {
        return client;
    }

    /** @return the host, for its switch counters */
    public PerfHost host() {
        return host;
    }

    /**
     * Waits for the client to finish (running {@code everyTick} each {@code tickMillis} meanwhile), then for
     * the server's result.
     */
    public Outcome await(long tickMillis, Runnable everyTick) throws InterruptedException {
        PerfOutcome clientOutcome = clientOutcomes.take(tickMillis, everyTick);
        PerfOutcome serverOutcome = serverOutcomes.poll(clientOutcome.ok() ? serverWaitMillis : 0);
        return new Outcome(clientOutcome, serverOutcome);
    }

    @Override
    public void close() {
        host.close();
    }

    /**
     * Both sides' outcomes.
     *
     * @param client the client's outcome
     * @param server the server's outcome, or null when it had none (the client failed first, or it never finished)
     */
    public record Outcome(PerfOutcome client, PerfOutcome server) {

        public Outcome {
            Objects.requireNonNull(client, "client");
        }

        /** @return whether both completed and the server received exactly the bytes the client sent */
        public boolean intact() {
            return client.ok() && server != null && server.ok()
                && client.result().bytes() == server.result().bytes()
                && client.result().sha256().equals(server.result().sha256());
        }

        /** @return one line saying what failed, or null when the transfer is intact */
        public String problem() {
            if (!client.ok()) {
                return "client: " + client.error();
            }
            if (server == null) {
                return "server: no result: it did not see the end of the stream";
            }
            if (!server.ok()) {
                return "server: " + server.error();
            }
            return intact() ? null : "integrity check failed: the client sent " + client.result().bytes()
                + " bytes with sha256 " + client.result().sha256() + " but the server received "
                + server.result().bytes() + " bytes with sha256 " + server.result().sha256();
        }

        /**
         * @return the client's fields ({@code bytes, sha256, seconds, gbps, retransmits}), the server's
         *         prefixed {@code server_}, and {@code integrity} ({@code ok} or {@code mismatch}); call only
         *         when both completed
         */
        public String toJson() {
            JsonLine json = client.result().appendTo(new JsonLine(), "");
            server.result().appendTo(json, "server_");
            return json.field("integrity", intact() ? "ok" : "mismatch").toString();
        }
    }
}
