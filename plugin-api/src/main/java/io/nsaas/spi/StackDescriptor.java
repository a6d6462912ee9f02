package io.nsaas.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a stack is: its id (the pf4j plugin id tenants name in config), its version, the name of
 * its congestion-control algorithm and its capabilities.
 *
 * <p>Immutable and thread-safe. Exactly one of {@link Capability#PACKET_LEVEL} and
 * {@link Capability#SOCKET_LEVEL} must be present.
 *
 * @param id           lower-case plugin id, {@code [a-z][a-z0-9-]{0,31}}
 * @param version      semantic version of the stack, for example {@code 1.0.0}
 * @param algorithm    congestion-control algorithm name as Linux spells it ({@code reno}, {@code cubic},
 *                     {@code dctcp}, ...), or {@code kernel} for a stack that delegates the choice
 * @param capabilities declared features
 */
public record StackDescriptor(String id, String version, String algorithm, Set<Capability> capabilities) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");

    /**
     * @throws IllegalArgumentException when a field is malformed, with a message naming the field
     */
    public StackDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(capabilities, "capabilities");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("stack id '" + id + "' must match " + ID.pattern());
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("stack version '" + version + "' is not a semantic version");
        }
        if (algorithm.isBlank()) {
            throw new IllegalArgumentException("stack algorithm must not be blank");
        }
        capabilities = capabilities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        boolean packet = capabilities.contains(Capability.PACKET_LEVEL);
        boolean socket = capabilities.contains(Capability.SOCKET_LEVEL);
        if (packet == socket) {
            throw new IllegalArgumentException(
                "stack '" + id + "' must declare exactly one of PACKET_LEVEL and SOCKET_LEVEL");
        }
    }

    /** @return whether the stack exchanges packets through the host's fabric */
    public boolean packetLevel() {
        return capabilities.contains(Capability.PACKET_LEVEL);
    }

    /** @return whether the stack declares the capability */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }
}
