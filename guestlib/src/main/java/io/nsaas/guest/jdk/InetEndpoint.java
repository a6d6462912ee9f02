package io.nsaas.guest.jdk;

import io.nsaas.spi.Endpoint;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * Converts between the JDK's socket addresses and the IPv4 ints / packed {@link Endpoint} longs of the
 * guest API. nsaas tenants are IPv4 only: an IPv6 or unresolved address is refused with a message
 * naming the address and the fix; the wildcard address maps to 0, which the host binds to the
 * tenant's own address.
 */
final class InetEndpoint {

    private InetEndpoint() {
    }

    /**
     * @param address an {@link InetSocketAddress} holding a resolved IPv4 address
     * @param operation what the address is for ("bind", "connect"), for the error message
     * @return the checked address
     * @throws UnsupportedAddressTypeException for a non-InetSocketAddress (for example a UNIX-domain
     *     address given to a TCP channel)
     * @throws UnresolvedAddressException for an unresolved host name
     * @throws SocketException for an IPv6 address
     */
    static InetSocketAddress checkIpv4(SocketAddress address, String operation) throws SocketException {
        if (!(address instanceof InetSocketAddress)) {
            throw new UnsupportedAddressTypeException();
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        if (inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (!(inet.getAddress() instanceof Inet4Address)) {
            throw new SocketException("nsaas: " + operation + " " + inet
                    + ": IPv6 is not supported by nsaas tenants; use the IPv4 address of the peer tenant");
        }
        return inet;
    }

    /** @return the IPv4 address as a big-endian int (0 for the wildcard address) */
    static int address(InetSocketAddress checked) throws SocketException {
        return address(checked.getAddress());
    }

    /** @return the IPv4 address as a big-endian int; IPv6 refused as in {@link #checkIpv4} */
    static int address(InetAddress address) throws SocketException {
        if (!(address instanceof Inet4Address)) {
            throw new SocketException("nsaas: address " + address
                    + " is not IPv4; nsaas tenants have IPv4 addresses only");
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    /** @return the JDK address of a big-endian IPv4 int */
    static InetAddress inetAddress(int address) {
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4-byte address refused by the JDK", e);
        }
    }

    /** @return the JDK socket address of a packed {@link Endpoint} */
    static InetSocketAddress socketAddress(long endpoint) {
        return new InetSocketAddress(inetAddress(Endpoint.address(endpoint)), Endpoint.port(endpoint));
    }
}
