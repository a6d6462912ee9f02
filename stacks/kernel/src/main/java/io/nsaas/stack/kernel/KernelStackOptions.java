package io.nsaas.stack.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tenant's options for the kernel stack, validated once when the instance is made.
 *
 * <ul>
 *   <li>{@code cc}: the congestion-control algorithm for every socket of the tenant, as the kernel
 *       names it ({@code reno}, {@code cubic}, {@code bbr}, {@code dctcp}, ...). It must appear in
 *       {@code /proc/sys/net/ipv4/tcp_available_congestion_control}; an algorithm built as a module
 *       appears there only after {@code modprobe tcp_<name>} (the stack never loads modules). Without
 *       {@code CAP_NET_ADMIN} the kernel allows only the names in
 *       {@code tcp_allowed_congestion_control}. Absent: the kernel's default
 *       ({@code tcp_congestion_control}).</li>
 *   <li>{@code max-sockets}: size of the tenant's socket table, 1..65536 (default 1024).</li>
 *   <li>{@code poll-batch}: most epoll events handled per {@code doWork()}, 1..4096 (default 64).</li>
 * </ul>
 *
 * @param congestionControl the {@code cc} value, or null for the kernel's default
 * @param maxSockets        socket table size
 * @param pollBatch         epoll events per poll
 * @param available         the algorithms the kernel offers (from /proc), in its order
 * @param allowed           the algorithms an unprivileged process may pick (from /proc)
 */
record KernelStackOptions(String congestionControl, int maxSockets, int pollBatch,
                          List<String> available, List<String> allowed) {
    static final String CC = "cc";
    static final String MAX_SOCKETS = "max-sockets";
    static final String POLL_BATCH = "poll-batch";
    static final List<String> KEYS = List.of(CC, MAX_SOCKETS, POLL_BATCH);

    /** Where Linux publishes the TCP sysctls. */
    static final Path PROC_NET_IPV4 = Path.of("/proc/sys/net/ipv4");
    static final String AVAILABLE_FILE = "tcp_available_congestion_control";
    static final String ALLOWED_FILE = "tcp_allowed_congestion_control";

    KernelStackOptions {
        available = List.copyOf(available);
        allowed = List.copyOf(allowed);
    }

    /**
     * @param options      the tenant's options (never null)
     * @param procNetIpv4  the directory holding the congestion-control sysctls ({@link #PROC_NET_IPV4})
     * @throws IllegalArgumentException naming the option and what is expected
     */
    static KernelStackOptions parse(Map<String, String> options, Path procNetIpv4) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for the kernel stack; known options: "
                    + String.join(", ", KEYS));
            }
        }
        int maxSockets = integer(options, MAX_SOCKETS, 1024, 1, 65536);
        int pollBatch = integer(options, POLL_BATCH, 64, 1, 4096);
        Path availableFile = procNetIpv4.resolve(AVAILABLE_FILE);
        List<String> available = readNames(availableFile);
        List<String> allowed = readNames(procNetIpv4.resolve(ALLOWED_FILE));
        String cc = options.get(CC);
        if (cc != null && !available.contains(cc)) {
            throw new IllegalArgumentException("option cc = '" + cc + "': the kernel offers "
                + String.join(", ", available) + " (see " + availableFile + ")");
        }
        return new KernelStackOptions(cc, maxSockets, pollBatch, available, allowed);
    }

    /** @return the {@code cc} value as the bytes {@code setsockopt(TCP_CONGESTION)} takes, or null */
    byte[] congestionControlBytes() {
        return congestionControl == null ? null : congestionControl.getBytes(StandardCharsets.US_ASCII);
    }

    private static int integer(Map<String, String> options, String key, int fallback, int min, int max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + key + " = '" + text + "': expected an integer in " + min + ".." + max);
    }

    private static List<String> readNames(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getMessage()
                + "): the kernel stack needs Linux with /proc mounted", e);
        }
    }
}
