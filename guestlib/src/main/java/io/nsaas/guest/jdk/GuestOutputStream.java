package io.nsaas.guest.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** The output stream of an nsaas socket: every write blocks until the stack accepted all bytes. */
final class GuestOutputStream extends OutputStream {

    private final StreamEndpoint endpoint;
    private final byte[] one = new byte[1];

    GuestOutputStream(StreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        one[0] = (byte) b;
        endpoint.write(one, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len > 0) {
            endpoint.write(b, off, len);
        }
    }

    @Override
    public void close() throws IOException {
        endpoint.close();
    }
}
