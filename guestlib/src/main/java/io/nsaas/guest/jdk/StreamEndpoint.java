package io.nsaas.guest.jdk;

import java.io.IOException;

/** The byte-stream side of a connected socket, as {@link GuestInputStream} and {@link GuestOutputStream} use it. */
interface StreamEndpoint {

    /** Reads as {@link io.nsaas.guest.api.GuestSocket#read(byte[], int, int, long)}. */
    int read(byte[] b, int off, int len, long timeoutNanos) throws IOException;

    /** @return the read timeout for blocking stream reads, in nanoseconds (0 = none), from SO_TIMEOUT */
    long readTimeoutNanos();

    /** Writes every byte, blocking. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Closes the socket (closing either stream of a socket closes the socket). */
    void close() throws IOException;
}
