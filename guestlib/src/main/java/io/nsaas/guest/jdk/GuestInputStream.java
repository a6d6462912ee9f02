package io.nsaas.guest.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The input stream of an nsaas socket. Reads block up to the socket's SO_TIMEOUT.
 * {@link #available()} answers truthfully by reading ahead without blocking into a small buffer that
 * later reads drain first. Threading: reads are serialised on the stream.
 */
final class GuestInputStream extends InputStream {

    private static final int READ_AHEAD = 8192;

    private final StreamEndpoint endpoint;
    private final byte[] one = new byte[1];
    private byte[] ahead;
    private int aheadStart;
    private int aheadEnd;
    private boolean eof;

    GuestInputStream(StreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public synchronized int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (aheadEnd > aheadStart) {
            int n = Math.min(len, aheadEnd - aheadStart);
            System.arraycopy(ahead, aheadStart, b, off, n);
            aheadStart += n;
            return n;
        }
        if (eof) {
            return -1;
        }
        int n = endpoint.read(b, off, len, endpoint.readTimeoutNanos());
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    @Override
    public synchronized int available() throws IOException {
        if (aheadEnd > aheadStart || eof) {
            return aheadEnd - aheadStart;
        }
        if (ahead == null) {
            ahead = new byte[READ_AHEAD];
        }
        int n = endpoint.read(ahead, 0, ahead.length, -1);
        aheadStart = 0;
        if (n < 0) {
            eof = true;
            aheadEnd = 0;
        } else {
            aheadEnd = n;
        }
        return aheadEnd;
    }

    @Override
    public void close() throws IOException {
        endpoint.close();
    }
}
