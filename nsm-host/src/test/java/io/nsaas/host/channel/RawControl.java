package io.nsaas.host.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A control-socket client speaking the protocol by hand, for refusals and abrupt guests. Blocking. */
final class RawControl implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    RawControl(Path controlSocket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(controlSocket));
    }

    /** Sends text as is (add the newline yourself). */
    RawControl send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return this;
    }

    /** @return the next line without its newline, or null at EOF */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
    }

    /** @return the reply to an ATTACH line for this tenant with its configured token */
    static String attachLine(String tenantId) {
        return "ATTACH 1.0 " + tenantId + " " + ChannelHostFixture.token(tenantId) + "\n";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
