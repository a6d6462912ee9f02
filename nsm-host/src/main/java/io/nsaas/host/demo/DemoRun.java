package io.nsaas.host.demo;

import io.nsaas.host.perf.ByteCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code nsaas demo}: an {@code nsaas host} with three tenants and unmodified JDK programs in tenant
 * JVMs under the nsaas agent.
 * <ol>
 *   <li>HTTP: {@code HttpServer} in vm-a, {@code HttpClient} in vm-b: a download and an upload with
 *       SHA-256 checks, then timed small requests;</li>
 *   <li>throughput: {@code ServerSocket} in vm-a, {@code Socket} in vm-b: bulk both ways with SHA-256
 *       checks, then one-byte round trips;</li>
 *   <li>kernel stack: {@code HttpClient} in vm-k, whose stack is the host kernel's TCP, against an
 *       {@code HttpServer} in a plain JVM on 127.0.0.1.</li>
 * </ol>
 * vm-a and vm-b run packet-level stacks and meet on the in-host switch at their configured addresses,
 * which the host kernel does not know. vm-k does not meet them: the kernel stack is socket-level (it
 * opens host sockets and ignores the tenant's switch address), so its peers are the host's own.
 */
public final class DemoRun {

    /** The server tenant's address on the switch. */
    public static final String SERVER_ADDRESS = "10.0.0.1";
    /** The client tenant's address on the switch. */
    public static final String CLIENT_ADDRESS = "10.0.0.2";
    static final int HTTP_PORT = 8080;
    static final int BULK_PORT = 5201;
    static final int LATENCY_ROUND_TRIPS = 2000;

    /**
     * @param httpBytes       bytes of the HTTP download and of the upload
     * @param throughputBytes bytes each way of the socket run
     * @param pings           timed small HTTP requests
     * @param serverStack     stack of vm-a (packet-level)
     * @param clientStack     stack of vm-b (packet-level)
     * @param timeout         limit on every step
     * @param artifacts       agent and programs' jars
     * @param plugins         the host's plugins
     * @param hostClasspath   class path of the host's JVM
     * @param workDir         where the host's config and control socket go
     * @param verbose         echo every child's output
     */
    public record Settings(long httpBytes, long throughputBytes, int pings, String serverStack, String clientStack,
                           Duration timeout, DemoArtifacts artifacts, List<Path> plugins, String hostClasspath,
                           Path workDir, boolean verbose) {
    }

    private final Settings settings;
    private final PrintWriter out;
    private final DemoTenant server;
    private final DemoTenant client;
    private final DemoTenant kernel;

    public DemoRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
        this.server = DemoTenant.withRandomToken("vm-a", settings.serverStack(), SERVER_ADDRESS, 24);
        this.client = DemoTenant.withRandomToken("vm-b", settings.clientStack(), CLIENT_ADDRESS, 24);
        this.kernel = DemoTenant.withRandomToken("vm-k", "kernel", "10.0.0.3", 24);
    }

    /**
     * Runs the three exchanges, printing progress and then the summary.
     *
     * @throws DemoException when anything fails; the message names the step and carries the output of the
     *                       JVM that failed
     */
    public void run() throws DemoException, IOException, InterruptedException {
        Consumer<String> echo = settings.verbose() ? this::line : null;
        List<DemoTenant> tenants = List.of(server, client, kernel);
        progress("starting nsaas host with tenants " + describe(server) + ", " + describe(client) + ", "
            + describe(kernel));
        try (DemoHost host = DemoHost.start(settings.hostClasspath(), settings.plugins(), tenants,
            settings.workDir(), settings.timeout(), echo)) {
            progress("host running; control socket " + host.controlSocket());
            ProgramPair pair = new ProgramPair(ChildJvm.javaExecutable(), settings.artifacts(), host.controlSocket(),
                settings.timeout(), echo);
            ProgramPair.Outcome http = http(pair);
            ProgramPair.Outcome bulk = throughput(pair);
            ProgramPair.Outcome viaKernel = kernelStack(pair);
            summary(http, bulk, viaKernel);
        }
    }

    private ProgramPair.Outcome http(ProgramPair pair) throws DemoException, IOException, InterruptedException {
        progress("HTTP: HttpServer in vm-a on " + SERVER_ADDRESS + ":" + HTTP_PORT + ", HttpClient in vm-b: "
            + ByteCount.human(settings.httpBytes()) + " each way, " + settings.pings() + " requests timed");
        ProgramPair.Outcome outcome = pair.run(
            new DemoProgram(server, "HttpBulkServer", List.of(SERVER_ADDRESS, String.valueOf(HTTP_PORT))),
            endpoint -> new DemoProgram(client, "HttpBulkClient", List.of("http://" + endpoint,
                String.valueOf(settings.httpBytes()), String.valueOf(settings.pings()))));
        require(outcome, "get-sha-match", "HTTP download vm-a -> vm-b");
        require(outcome, "post-sha-match", "HTTP upload vm-b -> vm-a");
        progress("HTTP: done, SHA-256 equal both ways");
        return outcome;
    }

    private ProgramPair.Outcome throughput(ProgramPair pair) throws DemoException, IOException, InterruptedException {
        progress("throughput: ServerSocket in vm-a on " + SERVER_ADDRESS + ":" + BULK_PORT + ", Socket in vm-b: "
            + ByteCount.human(settings.throughputBytes()) + " each way, " + LATENCY_ROUND_TRIPS + " one-byte round trips");
        ProgramPair.Outcome outcome = pair.run(
            new DemoProgram(server, "SocketBulkServer", List.of(SERVER_ADDRESS, String.valueOf(BULK_PORT))),
            endpoint -> new DemoProgram(client, "SocketBulkClient", List.of(host(endpoint), port(endpoint),
                String.valueOf(settings.throughputBytes()), String.valueOf(LATENCY_ROUND_TRIPS),
                String.valueOf(settings.timeout().toMillis()))));
        require(outcome, "send-sha-match", "socket send vm-b -> vm-a");
        require(outcome, "recv-sha-match", "socket receive vm-a -> vm-b");
        progress("throughput: done, SHA-256 equal both ways");
        return outcome;
    }

    private ProgramPair.Outcome kernelStack(ProgramPair pair) throws DemoException, IOException, InterruptedException {
        progress("kernel stack: HttpServer in a plain JVM on 127.0.0.1, HttpClient in vm-k (stack kernel): "
            + ByteCount.human(settings.httpBytes()) + " each way");
        ProgramPair.Outcome outcome = pair.run(
            new DemoProgram(null, "HttpBulkServer", List.of("127.0.0.1", "0")),
            endpoint -> new DemoProgram(kernel, "HttpBulkClient", List.of("http://" + endpoint,
                String.valueOf(settings.httpBytes()), String.valueOf(settings.pings()))));
        require(outcome, "get-sha-match", "HTTP download 127.0.0.1 -> vm-k");
        require(outcome, "post-sha-match", "HTTP upload vm-k -> 127.0.0.1");
        progress("kernel stack: done, SHA-256 equal both ways");
        return outcome;
    }

    private void summary(ProgramPair.Outcome http, ProgramPair.Outcome bulk, ProgramPair.Outcome viaKernel) {
        line("nsaas demo: OK: unmodified JDK programs exchanged data through the nsaas host");
        line(String.format("  %-6s %-8s %-14s %s", "tenant", "stack", "address", "ran"));
        line(String.format("  %-6s %-8s %-14s %s", server.id(), server.stack(), server.cidr(), "HttpServer, ServerSocket"));
        line(String.format("  %-6s %-8s %-14s %s", client.id(), client.stack(), client.cidr(), "HttpClient, Socket"));
        line(String.format("  %-6s %-8s %-14s %s", kernel.id(), kernel.stack(), "(host sockets)", "HttpClient -> plain JVM "
            + viaKernel.endpoint()));
        Map<String, String> h = http.client();
        line("  HTTP   vm-a -> vm-b  GET  " + transfer(h, "get") + "  sha256 " + h.get("get-sha256") + " equal");
        line("  HTTP   vm-b -> vm-a  POST " + transfer(h, "post") + "  sha256 equal at the server");
        line("  HTTP   " + h.get("http-pings") + " requests: latency p50 " + h.get("http-ping-p50-us") + " us, p99 "
            + h.get("http-ping-p99-us") + " us");
        Map<String, String> b = bulk.client();
        line("  TCP    vm-b -> vm-a  send " + transfer(b, "send") + "  sha256 equal at the server");
        line("  TCP    vm-a -> vm-b  recv " + transfer(b, "recv") + "  sha256 " + b.get("recv-sha256") + " equal");
        line("  TCP    " + b.get("pings") + " one-byte round trips: p50 " + b.get("ping-p50-us") + " us, p99 "
            + b.get("ping-p99-us") + " us");
        Map<String, String> k = viaKernel.client();
        line("  kernel 127.0.0.1 -> vm-k GET " + transfer(k, "get") + "; vm-k -> 127.0.0.1 POST " + transfer(k, "post")
            + "; sha256 equal both ways");
        line("  kernel " + k.get("http-pings") + " requests: latency p50 " + k.get("http-ping-p50-us") + " us, p99 "
            + k.get("http-ping-p99-us") + " us");
        out.flush();
    }

    private static String transfer(Map<String, String> results, String prefix) {
        return ByteCount.human(Long.parseLong(results.get(prefix + "-bytes"))) + " in " + results.get(prefix + "-seconds")
            + " s (" + results.get(prefix + "-mbps") + " Mbit/s)";
    }

    private static void require(ProgramPair.Outcome outcome, String key, String what) throws DemoException {
        if (!"true".equals(outcome.client().get(key))) {
            throw new DemoException(what + ": SHA-256 check failed (" + key + "=" + outcome.client().get(key)
                + "); client reported " + outcome.client());
        }
    }

    private static String describe(DemoTenant tenant) {
        return tenant.id() + " (" + tenant.stack() + ", " + tenant.cidr() + ")";
    }

    private static String host(String endpoint) {
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }

    private static String port(String endpoint) {
        return endpoint.substring(endpoint.lastIndexOf(':') + 1);
    }

    private void progress(String text) {
        line("[demo] " + text);
    }

    private synchronized void line(String text) {
        out.println(text);
        out.flush();
    }
}
