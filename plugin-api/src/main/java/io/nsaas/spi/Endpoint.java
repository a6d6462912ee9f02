package io.nsaas.spi;

/**
 * IPv4 socket addresses packed into one {@code long} without allocation: bits 16..47 hold the
 * address (big-endian int, so 10.0.0.1 is {@code 0x0A000001}), bits 0..15 the port. A packed
 * endpoint is never negative, so calls can return it or {@code -errno} in one {@code long}.
 */
public final class Endpoint {
    /** The wildcard address 0.0.0.0. */
    public static final int ANY_ADDRESS = 0;

    private Endpoint() {
    }

    /** @return the endpoint for this address and port (port 0..65535) */
    public static long pack(int address, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        return (address & 0xFFFF_FFFFL) << 16 | port;
    }

    /** @return the IPv4 address of a packed endpoint */
    public static int address(long endpoint) {
        return (int) (endpoint >>> 16);
    }

    /** @return the port of a packed endpoint */
    public static int port(long endpoint) {
        return (int) (endpoint & 0xFFFF);
    }

    /**
     * @param dotted an IPv4 address in dotted-quad form such as {@code 10.0.0.1}
     * @return the address as a big-endian int
     * @throws IllegalArgumentException when the text is not a dotted-quad IPv4 address
     */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address (expected a.b.c.d)");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address (expected a.b.c.d)");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address (octet " + octet + " > 255)");
            }
            address = address << 8 | octet;
        }
        return address;
    }

    /** @return the dotted-quad form of a big-endian IPv4 address */
    public static String formatAddress(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** @return {@code a.b.c.d:port} */
    public static String format(long endpoint) {
        return formatAddress(address(endpoint)) + ":" + port(endpoint);
    }
}
