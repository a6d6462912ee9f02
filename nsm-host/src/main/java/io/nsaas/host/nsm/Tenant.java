package io.nsaas.host.nsm;

import io.nsaas.host.fabric.FabricPort;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.spi.StackInstance;
import org.agrona.DirectBuffer;

/**
 * One tenant inside its NSM: the spec, the fabric port, the caller's wiring and the stack instance.
 * Mutable fields are written on the NSM thread; state and reason are volatile so status can be read
 * from any thread.
 */
final class Tenant implements PacketSink {
    final TenantSpec spec;
    final String nsmName;
    final FabricPort port;
    final TenantWiring wiring;
    StackInstance instance;
    private volatile TenantState state;
    private volatile String reason = "";

    Tenant(TenantSpec spec, String nsmName, FabricPort port, TenantWiring wiring) {
        this.spec = spec;
        this.nsmName = nsmName;
        this.port = port;
        this.wiring = wiring;
    }

    void started(StackInstance instance) {
        this.instance = instance;
        this.state = TenantState.RUNNING;
    }

    void ended(TenantState state, String reason) {
        this.state = state;
        this.reason = reason;
    }

    boolean running() {
        return state == TenantState.RUNNING;
    }

    String id() {
        return spec.tenantId();
    }

    String stackId() {
        return spec.stack().pluginId();
    }

    /** Hands one inbound packet to the stack (called from the port's poll on the NSM thread). */
    @Override
    public void onPacket(DirectBuffer packet, int offset, int length) {
        instance.onPacket(packet, offset, length);
    }

    TenantStatus status() {
        TenantState current = state;
        return new TenantStatus(spec.tenantId(), nsmName, stackId(), spec.stack().pluginVersion(), spec.cidr(),
            current == null ? TenantState.STOPPED : current, reason, port.packetsSent(), port.packetsReceived(),
            port.inboundDrops());
    }
}
