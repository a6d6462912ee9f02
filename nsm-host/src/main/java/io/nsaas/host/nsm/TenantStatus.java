package io.nsaas.host.nsm;

/**
 * A snapshot of one tenant for {@code nsaas status}.
 *
 * @param tenantId        the tenant
 * @param nsm             the NSM name serving it
 * @param stackId         the stack plugin id
 * @param stackVersion    the stack plugin version
 * @param cidr            the tenant's address and prefix, {@code 10.0.0.1/24}
 * @param state           RUNNING, FAILED or STOPPED
 * @param reason          why it failed or stopped; empty while running
 * @param packetsSent     packets the fabric took from the tenant
 * @param packetsReceived packets delivered to the tenant's stack
 * @param inboundDrops    packets for the tenant dropped because its queue was full
 */
public record TenantStatus(String tenantId, String nsm, String stackId, String stackVersion, String cidr,
                           TenantState state, String reason, long packetsSent, long packetsReceived,
                           long inboundDrops) {
}
