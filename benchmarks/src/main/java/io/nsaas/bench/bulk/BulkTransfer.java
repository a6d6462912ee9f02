package io.nsaas.bench.bulk;

import io.nsaas.bench.run.BenchArguments;
import io.nsaas.bench.run.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code benchmarks/bulk.sh}: a plain {@code java.net} bulk transfer over one TCP connection, the
 * bytes checked with SHA-256. Uses only the JDK, so the same program runs on direct kernel sockets
 * (baseline) and, unchanged, under the nsaas java agent.
 *
 * <pre>
 *   BulkTransfer receive BIND_ADDRESS PORT       reads one connection to EOF, prints RESULT bulk ...
 *   BulkTransfer send HOST PORT BYTES SEED       sends BYTES (e.g. 1G) of seeded data, prints RESULT bulk-sent ...
 * </pre>
 * The sender hashes its stream before it connects, so only the receiver's hashing (SHA-NI makes it
 * a few GB/s) is inside the timed transfer. The receiver times from accept to EOF and prints
 * {@code gbit_s} and {@code sha256}; the script compares the two digests.
 */
public final class BulkTransfer {
    static final String USAGE = "BulkTransfer receive BIND_ADDRESS PORT | BulkTransfer send HOST PORT BYTES SEED";
    /** The stream is blocks of this size: one seeded random block, each copy stamped with its index. */
    static final int BLOCK = 1 << 20;
    static final int READ_BUFFER = 256 * 1024;

    private BulkTransfer() {
    }

    public static void main(String[] args) throws IOException {
        try {
            BenchArguments a = BenchArguments.expect(USAGE, args, 3, 5);
            InetAddress address = InetAddress.getByName(a.text(1, null));
            int port = a.integer(2, "PORT", 1, 65535);
            switch (a.text(0, "")) {
                case "receive" -> receive(new InetSocketAddress(address, port));
                case "send" -> {
                    long bytes = a.size(3, "BYTES");
                    long seed = a.integer(4, "SEED", Integer.MIN_VALUE, Integer.MAX_VALUE);
                    send(new InetSocketAddress(address, port), bytes, seed);
                }
                default -> throw new IllegalArgumentException("mode must be receive or send; usage: " + USAGE);
            }
        } catch (IllegalArgumentException e) {
            BenchArguments.fail("BulkTransfer", e);
        }
    }

    /** Accepts one connection, reads and hashes it to EOF, prints the rate and the digest. */
    static void receive(InetSocketAddress bind) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(bind);
            System.out.println("LISTENING " + bind.getAddress().getHostAddress() + ":" + server.getLocalPort());
            Received received = receiveOne(server);
            System.out.println(String.format(Locale.ROOT, "RESULT bulk bytes=%d seconds=%.3f gbit_s=%.3f sha256=%s",
                received.bytes(), received.seconds(), received.bytes() * 8 / received.seconds() / 1e9,
                received.sha256()));
        }
    }

    /** What one connection carried: its length, the time from accept to EOF, its SHA-256 in hex. */
    record Received(long bytes, double seconds, String sha256) {
    }

    /** Accepts one connection on {@code server} and reads and hashes it to EOF. */
    static Received receiveOne(ServerSocket server) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[READ_BUFFER];
        try (Socket socket = server.accept()) {
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
            return new Received(total, (System.nanoTime() - start) / 1e9, HexFormat.of().formatHex(sha.digest()));
        }
    }

    /** Hashes the stream, then connects, writes it and closes. */
    static void send(InetSocketAddress server, long bytes, long seed) throws IOException {
        String digest = streamDigest(bytes, seed);
        try (Socket socket = Peer.connect(server)) {
            sendStream(socket, bytes, seed);
        }
        System.out.println("RESULT bulk-sent bytes=" + bytes + " sha256=" + digest);
    }

    /** @return the SHA-256 in hex of the {@code bytes}-long stream of {@code seed} */
    static String streamDigest(long bytes, long seed) throws IOException {
        byte[] block = new byte[BLOCK];
        MessageDigest sha = sha256();
        forEachBlock(bytes, seed, block, length -> sha.update(block, 0, length));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Writes the {@code bytes}-long stream of {@code seed} to {@code socket}. */
    static void sendStream(Socket socket, long bytes, long seed) throws IOException {
        byte[] block = new byte[BLOCK];
        OutputStream out = socket.getOutputStream();
        forEachBlock(bytes, seed, block, length -> out.write(block, 0, length));
    }

    /** What to do with the first {@code length} bytes of the current block. */
    interface BlockSink {
        void accept(int length) throws IOException;
    }

    /** Fills {@code block} with each block of the {@code bytes}-long stream in turn and hands it to {@code sink}. */
    static void forEachBlock(long bytes, long seed, byte[] block, BlockSink sink) throws IOException {
        new SplittableRandom(seed).nextBytes(block);
        for (long index = 0, left = bytes; left > 0; index++) {
            stamp(block, index);
            int length = (int) Math.min(left, block.length);
            sink.accept(length);
            left -= length;
        }
    }

    /** Writes the block index into the first 8 bytes, so no two blocks of the stream are equal. */
    private static void stamp(byte[] block, long index) {
        for (int i = 0; i < Long.BYTES; i++) {
            block[i] = (byte) (index >>> (8 * i));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
