package io.nsaas.host.channel;

import io.nsaas.host.core.CoreEngine;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantStatus;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.nsm.TenantWork;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's side of the NQE channel: whether a guest is attached, and the attach and detach
 * sequences.
 *
 * <p><b>Attach:</b> create and format the region ({@link RegionFile}), restart the tenant on its NSM
 * wired to a new {@link CoreEngine} over it ({@code NsmGroup.replaceTenant}), publish
 * {@code HOST_ATTACHED}, answer {@code OK <region> <cidr> <stack>}. <b>Detach</b> (DETACH, EOF, a
 * fatal tenant fault, the stack failing, host stop): restart the tenant unattached (its instance is
 * destroyed, which closes every socket it had on the stack), publish {@code HOST_DETACHED}, delete
 * and unmap the region, close the control connection. A guest that attaches while the previous
 * attachment is still detaching waits for it.
 *
 * <p>Threading: the control thread only; callbacks from NSM threads are queued onto it.
 */
final class TenantChannel {
    enum State { UNATTACHED, ATTACHING, ATTACHED, DETACHING }

    private static final Logger LOG = LoggerFactory.getLogger(TenantChannel.class);

    private final TenantSpec spec;
    private final ChannelHost host;
    private State state = State.UNATTACHED;
    private ControlClient client;
    private ControlClient waiting;
    private RegionFile region;
    private CoreEngine engine;
    private long generation;
    private long attachStartNanos;
    private String detachAfterAttach;

    TenantChannel(TenantSpec spec, ChannelHost host) {
        this.spec = spec;
        this.host = host;
    }

    String tenantId() {
        return spec.tenantId();
    }

    State state() {
        return state;
    }

    /** A client presented this tenant's valid token. */
    void attach(ControlClient newClient, TenantStatus status) {
        switch (state) {
            case UNATTACHED:
                start(newClient, status);
                break;
            case DETACHING:
                if (waiting == null) {
                    waiting = newClient;
                    newClient.clearDeadline();
                    newClient.attachment(this);
                    break;
                }
                refuseAttached(newClient);
                break;
            default:
                refuseAttached(newClient);
        }
    }

    private void refuseAttached(ControlClient newClient) {
        newClient.replyAndClose("ERR tenant '" + tenantId() + "' is already attached; detach the other guest first"
            + " (one guest per tenant)");
    }

    private void start(ControlClient newClient, TenantStatus status) {
        if (status == null || status.state() != TenantState.RUNNING) {
            String why = status == null ? "is not running" : "is " + status.state()
                + (status.reason().isEmpty() ? "" : " (" + status.reason() + ")");
            newClient.replyAndClose("ERR tenant '" + tenantId() + "' cannot attach: its stack '" + spec.stackId() + "' "
                + why + "; see the host's log");
            return;
        }
        long attachment = ++generation;
        RegionFile created;
        try {
            created = RegionFile.create(host.shmDir(), tenantId(), host.layout(), attachment);
        } catch (IOException e) {
            LOG.error("[{}] {}", tenantId(), e.getMessage());
            newClient.replyAndClose("ERR host cannot create the region for tenant '" + tenantId() + "'; see the host's log");
            return;
        }
        CoreEngine createdEngine = new CoreEngine(tenantId(), host.layout(), created.buffer(), host.coreSettings(),
            reason -> host.execute(() -> onFault(attachment, "tenant broke its region: " + reason)));
        state = State.ATTACHING;
        attachStartNanos = System.nanoTime();
        client = newClient;
        client.clearDeadline();
        client.attachment(this);
        region = created;
        engine = createdEngine;
        detachAfterAttach = null;
        TenantWork work = new AttachedWork(createdEngine,
            reason -> host.execute(() -> onFault(attachment, "its stack failed: " + reason)));
        host.group().replaceTenant(tenantId(), new TenantWiring(createdEngine, work))
            .whenComplete((s, error) -> host.execute(() -> attached(attachment, error)));
    }

    private void attached(long attachment, Throwable error) {
        if (attachment != generation || state != State.ATTACHING) {
            return;
        }
        if (error != null) {
            String reason = causeOf(error);
            LOG.error("[{}] attach failed: the stack did not start again: {}", tenantId(), reason);
            client.reply("ERR tenant '" + tenantId() + "' cannot attach: its stack did not start: " + reason);
            detach("attach failed");
            return;
        }
        region.publish(RegionHeaderDescriptor.HOST_ATTACHED);
        state = State.ATTACHED;
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - attachStartNanos);
        host.recordAttach(micros);
        client.reply("OK " + region.path() + " " + spec.cidr() + " " + spec.stackId());
        LOG.info("[{}/{}] attached ({} us), region {}", tenantId(), spec.stackId(), micros, region.path());
        if (detachAfterAttach != null) {
            detach(detachAfterAttach);
        }
    }

    /** A line from this tenant's attached (or attaching, or waiting) client. */
    void onLine(ControlClient from, String line) {
        if (from == waiting) {
            waiting = null;
            from.replyAndClose("ERR no request expected before the attach answer");
            return;
        }
        if (from != client) {
            return;
        }
        if (line.equals("DETACH")) {
            requestDetach("guest sent DETACH");
        } else {
            from.replyAndClose("ERR unexpected line on an attached connection; only DETACH is accepted");
            requestDetach("guest sent an unexpected line");
        }
    }

    /** The client's connection is closed. */
    void onGone(ControlClient gone) {
        if (gone == waiting) {
            waiting = null;
        } else if (gone == client) {
            requestDetach("guest closed the control connection");
        }
    }

    /** Host stop: detach the guest, refuse a waiting one. */
    void stop() {
        if (waiting != null) {
            waiting.replyAndClose("ERR host shutting down");
            waiting = null;
        }
        requestDetach("host stopping");
    }

    /** @return whether no guest is attached, attaching or detaching */
    boolean idle() {
        return state == State.UNATTACHED;
    }

    private void onFault(long attachment, String reason) {
        if (attachment == generation) {
            LOG.warn("[{}/{}] detaching: {}", tenantId(), spec.stackId(), reason);
            requestDetach(reason);
        }
    }

    private void requestDetach(String reason) {
        if (state == State.ATTACHED) {
            detach(reason);
        } else if (state == State.ATTACHING && detachAfterAttach == null) {
            detachAfterAttach = reason;
        }
    }

    private void detach(String reason) {
        state = State.DETACHING;
        long attachment = generation;
        host.group().replaceTenant(tenantId(), host.unattachedWiring(tenantId()))
            .whenComplete((s, error) -> host.execute(() -> detached(attachment, reason, error)));
    }

    private void detached(long attachment, String reason, Throwable error) {
        if (attachment != generation || state != State.DETACHING) {
            return;
        }
        if (error != null) {
            LOG.error("[{}] could not restart unattached after detaching: {}", tenantId(), causeOf(error));
        }
        // when the restart failed the NSM may be closing and still touch the mapping: leave it to the GC
        String problem = region.release(error == null);
        if (problem != null) {
            LOG.warn("[{}] {}", tenantId(), problem);
        }
        if (client != null) {
            client.close();
        }
        LOG.info("[{}/{}] detached: {}", tenantId(), spec.stackId(), reason);
        state = State.UNATTACHED;
        client = null;
        region = null;
        engine = null;
        ControlClient next = waiting;
        waiting = null;
        if (next != null && next.isOpen()) {
            next.attachment(null);
            host.attachWaiting(this, next);
        }
    }

    /** @return this tenant's line for STATUS */
    TenantReport report(TenantStatus status) {
        CoreEngine current = state == State.ATTACHED ? engine : null;
        return new TenantReport(tenantId(), spec.stackId() + "@" + spec.stack().pluginVersion(), status.nsm(),
            status.state().name(), spec.cidr(), current != null,
            current == null ? 0 : current.socketsOpen(), current == null ? 0 : current.bytesSent(),
            current == null ? 0 : current.bytesReceived(), current == null ? 0 : current.nqesProcessed());
    }

    private static String causeOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** The attached tenant's work: its CoreEngine, plus a report when the stack fails under it. */
    private static final class AttachedWork implements TenantWork {
        private final CoreEngine engine;
        private final Consumer<String> onStackFailed;

        AttachedWork(CoreEngine engine, Consumer<String> onStackFailed) {
            this.engine = engine;
            this.onStackFailed = onStackFailed;
        }

        @Override
        public int doWork(StackInstance stack, int limit) {
            return engine.doWork(stack, limit);
        }

        @Override
        public void onStackGone(TenantState state, String reason) {
            engine.onStackGone(state, reason);
            if (state == TenantState.FAILED) {
                onStackFailed.accept(reason);
            }
        }
    }
}
