package io.nsaas.host.nsm;

import io.nsaas.host.fabric.FabricPort;
import io.nsaas.spi.StackInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Network Stack Module: an agrona {@link Agent} that owns the stack instances of one or more
 * tenants. Each duty cycle it runs queued control commands, fires expired timers, and for each
 * running tenant delivers inbound packets from its fabric port, calls the stack's
 * {@link StackInstance#doWork()} and drains the tenant's {@link TenantWork} &mdash; each bounded by
 * {@link NsmSettings} &mdash; and returns the work done so an idle strategy can back off.
 *
 * <p><b>Isolation.</b> An exception from a stack (a plugin bug) fails only its tenant: it is logged,
 * the tenant is marked {@link TenantState#FAILED}, its instance destroyed, its timers cancelled and
 * its port closed; the NSM keeps serving the other tenants.
 *
 * <p><b>Threading.</b> Every call into a stack instance happens on this agent's thread.
 * {@link #addTenant} and {@link #removeTenant} run before the agent starts or on its thread;
 * {@link #requestAddTenant} and {@link #requestRemoveTenant} may be called from any thread and run on
 * the next duty cycle. {@link #status()} may be called from any thread. A simulator drives
 * {@link #doWork()} directly under a virtual {@link NanoClock} and jumps time to
 * {@link #nextTimerDeadline()}.
 */
public final class Nsm implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Nsm.class);
    private static final Tenant[] NO_TENANTS = new Tenant[0];

    private final String name;
    private final NanoClock clock;
    private final NsmSettings settings;
    private final TimerService<Tenant> timers;
    private final TimerService.ExpiryHandler<Tenant> expiry = this::onTimer;
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(256);
    private volatile Tenant[] tenants = NO_TENANTS;
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param name     the NSM's name; its role name is {@code nsm-<name>}
     * @param clock    the host's clock (system or virtual); the only source of time
     * @param settings timer wheel and per-cycle bounds
     */
    public Nsm(String name, NanoClock clock, NsmSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timers = new TimerService<>(clock.nanoTime(), settings.tickResolutionNanos(), settings.ticksPerWheel(),
            settings.timersPerCycle());
    }

    /** @return the NSM's name */
    public String name() {
        return name;
    }

    @Override
    public String roleName() {
        return "nsm-" + name;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    /**
     * Creates the tenant's stack instance with {@code NetworkStack.create(host, events, options)} and
     * starts serving it. On success the NSM owns {@code port} and closes it when the tenant ends; on
     * failure the port stays the caller's.
     *
     * @throws TenantStartException  when the stack rejects the options or fails to start, or the tenant
     *                               id is already served here; the message names the tenant and where
     * @throws IllegalStateException when called from a thread other than the running NSM's, or after close
     */
    public void addTenant(TenantSpec spec, FabricPort port, TenantWiring wiring) {
        checkOwnerThread("addTenant", "requestAddTenant");
        if (find(spec.tenantId()) != null) {
            throw new TenantStartException(spec, "tenant id is already served by NSM '" + name
                + "'; give every tenant its own id", null);
        }
        Tenant tenant = new Tenant(spec, name, Objects.requireNonNull(port, "port"), Objects.requireNonNull(wiring));
        tenant.started(createInstance(tenant));
        Tenant[] current = tenants;
        Tenant[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = tenant;
        tenants = next;
        LOG.info("[{}/{}] started on {} at {}", spec.tenantId(), tenant.stackId(), roleName(), spec.cidr());
    }

    private StackInstance createInstance(Tenant tenant) {
        TenantSpec spec = tenant.spec;
        String stack = "stack '" + spec.stackId() + "' " + spec.stack().pluginVersion();
        TenantHost host = new TenantHost(tenant, clock, timers);
        StackInstance instance;
        try {
            instance = spec.stack().stack().create(host, tenant.wiring.events(), spec.options());
        } catch (IllegalArgumentException e) {
            timers.cancelAll(tenant);
            throw new TenantStartException(spec, stack + " rejected its options " + spec.options().keySet()
                + ": " + e.getMessage(), e);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            timers.cancelAll(tenant);
            throw new TenantStartException(spec, stack + " failed to start (a plugin bug): " + e, e);
        }
        if (instance == null) {
            timers.cancelAll(tenant);
            throw new TenantStartException(spec, stack + " returned no instance (a plugin bug)", null);
        }
        return instance;
    }

    /**
     * Queues {@link #addTenant} for the NSM thread.
     *
     * @return completes with the tenant's status, or exceptionally with the {@link TenantStartException}
     */
    public CompletableFuture<TenantStatus> requestAddTenant(TenantSpec spec, FabricPort port, TenantWiring wiring) {
        CompletableFuture<TenantStatus> result = new CompletableFuture<>();
        submit(result, () -> {
            addTenant(spec, port, wiring);
            result.complete(find(spec.tenantId()).status());
        });
        return result;
    }

    /**
     * Stops a tenant: destroys its instance, cancels its timers, closes its port and forgets it.
     *
     * @return true when the tenant was served here
     */
    public boolean removeTenant(String tenantId) {
        checkOwnerThread("removeTenant", "requestRemoveTenant");
        Tenant tenant = find(tenantId);
        if (tenant == null) {
            return false;
        }
        if (tenant.running()) {
            stop(tenant, TenantState.STOPPED, "removed");
        }
        Tenant[] current = tenants;
        Tenant[] next = new Tenant[current.length - 1];
        int n = 0;
        for (Tenant t : current) {
            if (t != tenant) {
                next[n++] = t;
            }
        }
        tenants = next;
        return true;
    }

    /** Queues {@link #removeTenant} for the NSM thread. */
    public CompletableFuture<Boolean> requestRemoveTenant(String tenantId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        submit(result, () -> result.complete(removeTenant(tenantId)));
        return result;
    }

    private void submit(CompletableFuture<?> result, Runnable command) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException(roleName() + " is closed"));
        } else if (!commands.offer(() -> {
            try {
                command.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        })) {
            result.completeExceptionally(new IllegalStateException(roleName()
                + " has too many pending control commands; retry later"));
        }
    }

    @Override
    public int doWork() {
        int work = commands.isEmpty() ? 0 : commands.drain(Runnable::run, 16);
        work += timers.poll(clock.nanoTime(), expiry, settings.timersPerCycle());
        for (Tenant tenant : tenants) {
            if (tenant.running()) {
                work += serve(tenant);
            }
        }
        return work;
    }

    private int serve(Tenant tenant) {
        String during = "onPacket";
        try {
            int work = tenant.port.poll(tenant, settings.packetsPerCycle());
            during = "doWork";
            work += Math.max(0, tenant.instance.doWork());
            during = "job handling";
            work += Math.max(0, tenant.wiring.work().doWork(tenant.instance, settings.jobsPerCycle()));
            return work;
        } catch (Throwable e) {
            rethrowIfFatal(e);
            fail(tenant, during, e);
            return 1;
        }
    }

    private void onTimer(Tenant tenant, long timerId, long nowNanos) {
        if (!tenant.running()) {
            return;
        }
        try {
            tenant.instance.onTimer(timerId, nowNanos);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            fail(tenant, "onTimer", e);
        }
    }

    private void fail(Tenant tenant, String during, Throwable e) {
        String reason = "stack '" + tenant.stackId() + "' threw " + e + " in " + during;
        LOG.error("[{}/{}] {} ({}); tenant FAILED, other tenants continue", tenant.id(), tenant.stackId(),
            reason, tenant.spec.where(), e);
        stop(tenant, TenantState.FAILED, reason);
    }

    private void stop(Tenant tenant, TenantState state, String reason) {
        tenant.ended(state, reason);
        try {
            tenant.instance.destroy();
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.warn("[{}/{}] destroy threw {}", tenant.id(), tenant.stackId(), e.toString(), e);
        }
        timers.cancelAll(tenant);
        tenant.port.close();
        try {
            tenant.wiring.work().onStackGone(state, reason);
        } catch (RuntimeException e) {
            LOG.warn("[{}/{}] onStackGone threw {}", tenant.id(), tenant.stackId(), e.toString(), e);
        }
    }

    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }

    /** Stops every running tenant (instances destroyed on this thread). Called by the agent runner. */
    @Override
    public void onClose() {
        closed = true;
        for (Tenant tenant : tenants) {
            if (tenant.running()) {
                stop(tenant, TenantState.STOPPED, "host stopped");
            }
        }
        commands.drain(Runnable::run);
    }

    private void checkOwnerThread(String method, String alternative) {
        if (closed) {
            throw new IllegalStateException(roleName() + " is closed");
        }
        Thread owner = thread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("Nsm." + method + " must run on thread of " + roleName()
                + "; use " + alternative + " from other threads");
        }
    }

    private Tenant find(String tenantId) {
        for (Tenant tenant : tenants) {
            if (tenant.id().equals(tenantId)) {
                return tenant;
            }
        }
        return null;
    }

    /** @return the earliest armed timer deadline, or {@link TimerService#NO_DEADLINE}; on the NSM thread */
    public long nextTimerDeadline() {
        return timers.nextDeadline();
    }

    /** @return the number of armed timers; on the NSM thread */
    public int armedTimers() {
        return timers.size();
    }

    /** @return the state of every tenant served here (running, failed or stopped); any thread */
    public List<TenantStatus> status() {
        Tenant[] current = tenants;
        List<TenantStatus> result = new ArrayList<>(current.length);
        for (Tenant tenant : current) {
            result.add(tenant.status());
        }
        return result;
    }

    @Override
    public String toString() {
        return roleName();
    }
}
