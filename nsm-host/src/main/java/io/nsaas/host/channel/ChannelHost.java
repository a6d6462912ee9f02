package io.nsaas.host.channel;

import io.nsaas.host.config.ChannelSettings;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.TenantConfig;
import io.nsaas.host.core.CoreSettings;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantStatus;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.nqe.AbiVersion;
import io.nsaas.nqe.RegionLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The host side of the NQE channel: the control socket ({@link ControlServer}) and, per configured
 * tenant, its {@link TenantChannel}. Requests (the first line of a connection):
 * <ul>
 *   <li>{@code ATTACH <abi major.minor> <tenant> <token>}: answered {@code OK <region-path>
 *       <a.b.c.d/prefix> <stack-id>} or {@code ERR <reason>}; the connection then stays open for the
 *       attachment's life ({@code DETACH} or EOF detaches; the host closing it means detached).</li>
 *   <li>{@code STATUS}: one {@link TenantReport} line per tenant, then {@code END}, then close.</li>
 * </ul>
 * Refusals name the reason: malformed line, ABI major mismatch (both versions), unknown tenant, wrong
 * token, tenant already attached, tenant's stack not running, host shutting down. Tokens are compared
 * in constant time and never logged or echoed.
 *
 * <p>Threading: {@link #start} and {@link #close} from the controlling thread (close after the NSM
 * group started, before it closes); {@link #status()} and {@link #attachLatenciesMicros()} from any.
 */
public final class ChannelHost implements ControlServer.Handler, AutoCloseable {
    private static final Pattern ABI = Pattern.compile("([0-9]{1,5})\\.([0-9]{1,5})");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]{1,64}");

    private final NsmGroup group;
    private final Path shmDir;
    private final RegionLayout layout;
    private final CoreSettings coreSettings;
    private final Function<String, TenantWiring> unattached;
    private final Map<String, byte[]> tokens = new LinkedHashMap<>();
    private final Map<String, TenantChannel> channels = new LinkedHashMap<>();
    private final List<Long> attachMicros = new ArrayList<>();
    private ControlServer server;
    private boolean stopping;

    private ChannelHost(HostConfig config, NsmGroup group, Function<String, TenantWiring> unattached) {
        this.group = group;
        this.shmDir = config.host().shmDir();
        ChannelSettings settings = config.host().channel();
        this.layout = settings.layout();
        this.coreSettings = settings.coreSettings();
        this.unattached = unattached;
        for (TenantConfig tenant : config.tenants()) {
            TenantSpec spec = Objects.requireNonNull(group.spec(tenant.id()), "tenant '" + tenant.id() + "' in the group");
            tokens.put(tenant.id(), tenant.token().getBytes(StandardCharsets.US_ASCII));
            channels.put(tenant.id(), new TenantChannel(spec, this));
        }
    }

    /**
     * Listens on {@code nsaas.host.control-socket} and serves attaches for the tenants of {@code config}.
     *
     * @param group      the running NSM group serving those tenants
     * @param unattached the wiring of a tenant no guest is attached to
     * @throws IOException with a one-line reason when the control socket cannot be bound
     */
    public static ChannelHost start(HostConfig config, NsmGroup group, Function<String, TenantWiring> unattached)
        throws IOException {
        ChannelHost host = new ChannelHost(config, group, unattached);
        host.server = ControlServer.start(config.host().controlSocket(), host);
        return host;
    }

    /** @return the control socket path */
    public Path controlSocket() {
        return server.path();
    }

    /** @return how long each successful attach took, from ATTACH line to OK, in microseconds */
    public synchronized List<Long> attachLatenciesMicros() {
        return List.copyOf(attachMicros);
    }

    synchronized void recordAttach(long micros) {
        attachMicros.add(micros);
    }

    /**
     * @return one report per tenant, as {@code STATUS} answers, taken on the control thread
     * @throws IllegalStateException when the control thread does not answer within 5 s
     */
    public List<TenantReport> status() {
        CompletableFuture<List<TenantReport>> result = new CompletableFuture<>();
        server.execute(() -> result.complete(reports()));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the control thread for status", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the control thread did not answer the status request: " + e, e);
        }
    }

    /** Detaches every guest (regions deleted), closes every connection and deletes the control socket. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void onLine(ControlClient client, String line) {
        if (client.attachment() instanceof TenantChannel) {
            ((TenantChannel) client.attachment()).onLine(client, line);
        } else if (line.equals("STATUS")) {
            for (TenantReport report : reports()) {
                client.reply(report.line());
            }
            client.replyAndClose(TenantReport.END);
        } else if (line.startsWith("ATTACH ") || line.equals("ATTACH")) {
            attach(client, line);
        } else {
            client.replyAndClose("ERR unknown request; expected ATTACH <abi major.minor> <tenant> <token> or STATUS");
        }
    }

    private void attach(ControlClient client, String line) {
        String[] words = line.split(" ", -1);
        if (words.length != 4) {
            client.replyAndClose("ERR malformed ATTACH line; expected ATTACH <abi major.minor> <tenant> <token>,"
                + " single spaces");
            return;
        }
        String refusal = refusal(words[1], words[2], words[3]);
        if (refusal != null) {
            client.replyAndClose("ERR " + refusal);
            return;
        }
        TenantChannel channel = channels.get(words[2]);
        channel.attach(client, group.status(words[2]).orElse(null));
    }

    /** @return why an ATTACH is refused before its tenant is looked at, or null */
    private String refusal(String abi, String tenant, String token) {
        java.util.regex.Matcher version = ABI.matcher(abi);
        if (!version.matches()) {
            return "malformed ABI version '" + (PRINTABLE.matcher(abi).matches() ? abi : "?")
                + "'; expected <major>.<minor>, e.g. " + AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR);
        }
        if (Integer.parseInt(version.group(1)) != AbiVersion.MAJOR) {
            return "ABI " + abi + " of the guest does not match ABI "
                + AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR) + " of this host; major versions must be equal"
                + " (use a guestlib built for this host)";
        }
        if (stopping) {
            return "host shutting down";
        }
        byte[] expected = tokens.get(tenant);
        if (expected == null) {
            return "unknown tenant '" + (PRINTABLE.matcher(tenant).matches() ? tenant : "?")
                + "'; the host config has no such nsaas.tenants entry";
        }
        if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII))) {
            return "wrong token for tenant '" + tenant + "'; use the token configured for it on the host";
        }
        return null;
    }

    /** A client waited for a previous attachment to detach; it can attach now (token already checked). */
    void attachWaiting(TenantChannel channel, ControlClient client) {
        if (stopping) {
            client.replyAndClose("ERR host shutting down");
            return;
        }
        channel.attach(client, group.status(channel.tenantId()).orElse(null));
    }

    @Override
    public void onGone(ControlClient client) {
        if (client.attachment() instanceof TenantChannel) {
            ((TenantChannel) client.attachment()).onGone(client);
        }
    }

    @Override
    public void onStop() {
        stopping = true;
        channels.values().forEach(TenantChannel::stop);
    }

    @Override
    public boolean stopped() {
        for (TenantChannel channel : channels.values()) {
            if (!channel.idle()) {
                return false;
            }
        }
        return true;
    }

    private List<TenantReport> reports() {
        List<TenantReport> reports = new ArrayList<>();
        for (TenantStatus status : group.status()) {
            TenantChannel channel = channels.get(status.tenantId());
            if (channel != null) {
                reports.add(channel.report(status));
            }
        }
        return reports;
    }

    void execute(Runnable task) {
        server.execute(task);
    }

    NsmGroup group() {
        return group;
    }

    Path shmDir() {
        return shmDir;
    }

    RegionLayout layout() {
        return layout;
    }

    CoreSettings coreSettings() {
        return coreSettings;
    }

    TenantWiring unattachedWiring(String tenantId) {
        return unattached.apply(tenantId);
    }
}
