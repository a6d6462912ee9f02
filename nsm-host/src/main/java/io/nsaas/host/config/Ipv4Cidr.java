package io.nsaas.host.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 host address with the prefix length of its subnet, as written in {@code 10.0.0.1/24}:
 * the address is the tenant's own address (host bits set), the prefix says which addresses share
 * its subnet on the in-host switch.
 *
 * @param address      the address as a big-endian int ({@code 10.0.0.1} is {@code 0x0A000001})
 * @param prefixLength 0..32
 */
public record Ipv4Cidr(int address, int prefixLength) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final String EXPECTED = "a.b.c.d/n with a..d in 0..255 and n in 0..32, e.g. 10.0.0.1/24";

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..32");
        }
    }

    /**
     * Parses {@code a.b.c.d/n} and checks that the address can be a tenant's unicast host address.
     *
     * @throws InvalidSetting saying what is wrong and what is expected
     */
    static Ipv4Cidr parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            String problem = text.indexOf('/') < 0 && text.chars().filter(c -> c == '.').count() == 3
                ? "'" + text + "' has no prefix length" : "'" + text + "' is not an IPv4 CIDR";
            throw new InvalidSetting(problem, EXPECTED);
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            int value = Integer.parseInt(octet);
            if (value > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                throw new InvalidSetting("'" + text + "' is not an IPv4 CIDR", EXPECTED);
            }
            address = address << 8 | value;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32 || (m.group(5).length() > 1 && m.group(5).charAt(0) == '0')) {
            throw new InvalidSetting("'" + text + "' is not an IPv4 CIDR", EXPECTED);
        }
        Ipv4Cidr cidr = new Ipv4Cidr(address, prefix);
        cidr.checkUsableHostAddress(text);
        return cidr;
    }

    private void checkUsableHostAddress(String text) {
        int first = address >>> 24;
        String reserved = first == 0 ? "in 0.0.0.0/8 (this network, RFC 1122 3.2.1.3)"
            : first == 127 ? "a loopback address (127.0.0.0/8)"
            : first >= 224 && first <= 239 ? "a multicast address (224.0.0.0/4)"
            : first >= 240 ? "a reserved or broadcast address (240.0.0.0/4)"
            : null;
        if (reserved != null) {
            throw new InvalidSetting("'" + text + "' is " + reserved,
                "a unicast host address such as 10.0.0.1/24");
        }
        if (prefixLength <= 30) {
            int host = address & ~netmask();
            if (host == 0) {
                throw new InvalidSetting("'" + text + "' is the network address of its subnet",
                    "a host address inside the subnet, such as " + format(network() + 1) + "/" + prefixLength);
            }
            if (host == ~netmask()) {
                throw new InvalidSetting("'" + text + "' is the broadcast address of its subnet",
                    "a host address inside the subnet, such as " + format(network() + 1) + "/" + prefixLength);
            }
        }
    }

    /** @return the subnet mask as a big-endian int ({@code /24} is {@code 0xFFFFFF00}) */
    public int netmask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** @return the subnet's network address */
    public int network() {
        return address & netmask();
    }

    /** @return whether {@code other} lies in this address's subnet */
    public boolean contains(int other) {
        return (other & netmask()) == network();
    }

    /** @return dotted-quad text of a big-endian IPv4 address */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** @return {@code a.b.c.d/n} */
    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }
}
