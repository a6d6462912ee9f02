package io.nsaas.bench.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BulkTransferTest {

    @Test
    void receiverDigestMatchesTheSendersForAStreamEndingInAPartialBlock() throws Exception {
        long bytes = 3L * BulkTransfer.BLOCK + 12_345;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<BulkTransfer.Received> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return BulkTransfer.receiveOne(server);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                BulkTransfer.sendStream(socket, bytes, 7);
            }
            BulkTransfer.Received r = received.get(30, TimeUnit.SECONDS);
            assertEquals(bytes, r.bytes());
            assertEquals(BulkTransfer.streamDigest(bytes, 7), r.sha256());
        }
    }

    @Test
    void streamDependsOnTheSeedAndStampsEveryBlock() throws Exception {
        long twoBlocks = 2L * BulkTransfer.BLOCK;
        assertNotEquals(BulkTransfer.streamDigest(twoBlocks, 1), BulkTransfer.streamDigest(twoBlocks, 2));
        byte[][] firstBytes = new byte[2][];
        byte[] block = new byte[BulkTransfer.BLOCK];
        int[] index = {0};
        BulkTransfer.forEachBlock(twoBlocks, 1, block, length -> firstBytes[index[0]++] = Arrays.copyOf(block, 16));
        assertEquals(0, firstBytes[0][0]);
        assertEquals(1, firstBytes[1][0]);
        assertEquals(firstBytes[0][8], firstBytes[1][8], "past the stamp the blocks share the seeded bytes");
    }
}
