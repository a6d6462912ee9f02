package io.nsaas.host.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks a running host for its tenants: connects to the control socket, sends {@code STATUS} and
 * reads {@link TenantReport} lines until {@code END}. Used by {@code nsaas status}.
 */
public final class StatusClient {
    private StatusClient() {
    }

    /**
     * @param timeoutNanos how long to wait for the whole answer
     * @throws IOException with a one-line reason: no host listens at the path, the answer is late,
     *                     cut short or not a status answer
     */
    public static List<TenantReport> fetch(Path controlSocket, long timeoutNanos) throws IOException {
        if (!Files.exists(controlSocket)) {
            throw new IOException("no nsaas host listening at " + controlSocket + ": the control socket does not exist;"
                + " start one with nsaas host, or pass --control / --config of the running host");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(controlSocket));
            } catch (IOException e) {
                throw new IOException("no nsaas host listening at " + controlSocket + " (" + e.getMessage()
                    + "); start one with nsaas host", e);
            }
            channel.write(ByteBuffer.wrap("STATUS\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            return read(channel, controlSocket, timeoutNanos);
        }
    }

    private static List<TenantReport> read(SocketChannel channel, Path controlSocket, long timeoutNanos)
        throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        List<TenantReport> reports = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        StringBuilder line = new StringBuilder();
        while (true) {
            int n = channel.read(in.clear());
            if (n < 0) {
                throw new IOException("nsaas host at " + controlSocket + " closed the connection before the end of"
                    + " its status answer");
            }
            if (n == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("nsaas host at " + controlSocket + " did not answer STATUS within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            for (int i = 0; i < n; i++) {
                char c = (char) in.get(i);
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.equals(TenantReport.END)) {
                    return reports;
                }
                reports.add(parse(text, controlSocket));
            }
        }
    }

    private static TenantReport parse(String text, Path controlSocket) throws IOException {
        if (text.startsWith("ERR")) {
            throw new IOException("nsaas host at " + controlSocket + " refused STATUS: " + text.substring(3).trim());
        }
        try {
            return TenantReport.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("nsaas host at " + controlSocket + " sent an unexpected status line: " + e.getMessage()
                + " (host and CLI versions differ?)", e);
        }
    }
}
