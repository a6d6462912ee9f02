package io.nsaas.host.demo;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A tenant of a demo or test host: its config entry and how a tenant JVM attaches as it.
 *
 * @param id      tenant id
 * @param stack   stack plugin id
 * @param address the tenant's IPv4 address on the in-host switch
 * @param prefix  its prefix length
 * @param token   its attach token
 */
public record DemoTenant(String id, String stack, String address, int prefix, String token) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** @return a tenant with a fresh random token (the demo's tokens live only as long as its host) */
    public static DemoTenant withRandomToken(String id, String stack, String address, int prefix) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        return new DemoTenant(id, stack, address, prefix, "demo-" + HexFormat.of().formatHex(secret));
    }

    /** @return the JVM options of a tenant JVM: the {@code -javaagent:} option that attaches it as this tenant */
    public List<String> jvmOptions(Path agentJar, Path controlSocket) {
        return List.of("-javaagent:" + agentJar.toAbsolutePath() + "=tenant=" + id + ",token=" + token
            + ",control=" + controlSocket.toAbsolutePath());
    }

    /** @return {@code address/prefix} */
    public String cidr() {
        return address + "/" + prefix;
    }
}
