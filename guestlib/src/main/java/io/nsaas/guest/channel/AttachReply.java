package io.nsaas.guest.channel;

import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The host's {@code OK <region-path> <a.b.c.d/prefix> <stack-id>} answer to ATTACH, parsed.
 *
 * @param regionPath   the region file to map
 * @param address      the tenant's IPv4 address, network order as an int
 * @param prefixLength 0..32
 * @param stackId      the stack plugin the tenant runs on
 */
record AttachReply(Path regionPath, int address, int prefixLength, String stackId) {

    /**
     * @param line    the reply line without its newline
     * @param control the control socket path, for messages
     * @param tenant  the tenant id, for messages
     * @throws IOException for ERR (with the host's reason) or a line that is neither OK nor ERR
     */
    static AttachReply parse(String line, Path control, String tenant) throws IOException {
        if (line.startsWith("ERR")) {
            String reason = line.length() > 4 ? line.substring(4).trim() : "(no reason given)";
            throw new IOException("nsaas host at " + control + " refused tenant '" + tenant + "': " + reason);
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 4 || !parts[0].equals("OK") || parts[1].isEmpty() || parts[3].isEmpty()) {
            throw unexpected(line, control);
        }
        int slash = parts[2].indexOf('/');
        if (slash < 0) {
            throw unexpected(line, control);
        }
        try {
            int address = Endpoint.parseAddress(parts[2].substring(0, slash));
            int prefix = Integer.parseInt(parts[2].substring(slash + 1));
            if (prefix < 0 || prefix > 32) {
                throw unexpected(line, control);
            }
            return new AttachReply(Path.of(parts[1]), address, prefix, parts[3]);
        } catch (IllegalArgumentException e) {
            throw unexpected(line, control);
        }
    }

    private static IOException unexpected(String line, Path control) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new IOException("nsaas host at " + control + " sent an unexpected attach reply '" + shown
            + "'; expected 'OK <region-path> <a.b.c.d/prefix> <stack-id>' or 'ERR <reason>' (host and guestlib versions differ?)");
    }
}
