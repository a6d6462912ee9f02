package io.nsaas.host.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The Linux side of the interop tests: plain JDK sockets, i.e. the kernel's own TCP, run in the test's
 * network namespace with {@code ip netns exec}. Prints one JSON line: {@code {"bytes":N,"sha256":"..."}}.
 *
 * <pre>
 * LinuxPeer server ADDRESS PORT          accept one connection, read to EOF, close
 * LinuxPeer client ADDRESS PORT BYTES    connect, send BYTES of a seeded stream, close (Linux closes first)
 * </pre>
 */
public final class LinuxPeer {
    private LinuxPeer() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        if (mode.equals("server")) {
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(address);
                System.out.println("listening");
                System.out.flush();
                try (Socket socket = server.accept()) {
                    report(receive(socket.getInputStream()));
                }
            }
        } else if (mode.equals("client")) {
            long bytes = Long.parseLong(args[3]);
            try (Socket socket = connectWithRetries(address)) {
                report(send(socket.getOutputStream(), bytes));
            }
        } else {
            throw new IllegalArgumentException("mode " + mode);
        }
    }

    /** The stack under test may still be starting: retry refused or timed-out connects for up to 30 s. */
    private static Socket connectWithRetries(InetSocketAddress address) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 1_000);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    private static Result receive(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(block)) > 0) {
            sha.update(block, 0, n);
            total += n;
        }
        return new Result(total, sha.digest());
    }

    private static Result send(OutputStream out, long bytes) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(20261122L);
        byte[] block = new byte[64 * 1024];
        long left = bytes;
        while (left > 0) {
            random.nextBytes(block);
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            sha.update(block, 0, n);
            left -= n;
        }
        out.flush();
        return new Result(bytes, sha.digest());
    }

    private static void report(Result result) {
        System.out.println("{\"bytes\":" + result.bytes + ",\"sha256\":\"" + HexFormat.of().formatHex(result.sha256) + "\"}");
        System.out.flush();
    }

    private record Result(long bytes, byte[] sha256) {
    }
}
