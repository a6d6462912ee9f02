package io.nsaas.host.channel;

import io.nsaas.host.core.RegionFormatter;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.nqe.RegionHeaderFlyweight;
import io.nsaas.nqe.RegionLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One attachment's shared region on disk: {@code <shm-dir>/nsaas-<tenant>-<random hex>.region},
 * created owner-only (0600) in one step, sized, mapped and formatted ({@link RegionFormatter}); the
 * host state word is published through {@link #publish}; {@link #release} marks it DETACHED, deletes
 * the file and unmaps it.
 *
 * <p>Threading: the control thread only. The mapping must only be released once no NSM can touch
 * it any more (after the tenant's remove completed).
 */
final class RegionFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private final RegionLayout layout;
    private final MappedByteBuffer mapping;
    private final UnsafeBuffer region;
    private final RegionHeaderFlyweight header;
    private final long generation;
    private boolean released;

    private RegionFile(Path path, RegionLayout layout, MappedByteBuffer mapping, String tenantId, long generation) {
        this.path = path;
        this.layout = layout;
        this.mapping = mapping;
        this.region = new UnsafeBuffer(mapping);
        this.generation = generation;
        this.header = RegionFormatter.format(layout, region, tenantId, generation);
    }

    /**
     * Creates, maps and formats a region for {@code tenantId}; the host state is INITIALIZING.
     *
     * @throws IOException naming the file when it cannot be created, sized or mapped (nothing is left behind)
     */
    static RegionFile create(Path shmDir, String tenantId, RegionLayout layout, long generation) throws IOException {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        Path path = shmDir.resolve("nsaas-" + tenantId + "-" + HexFormat.of().formatHex(nonce) + ".region");
        try {
            MappedByteBuffer mapping;
            try (FileChannel file = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                file.write(ByteBuffer.wrap(new byte[1]), layout.regionLength() - 1L);
                mapping = file.map(FileChannel.MapMode.READ_WRITE, 0, layout.regionLength());
            }
            return new RegionFile(path, layout, mapping, tenantId, generation);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw new IOException("cannot create the region " + path + " of " + layout.regionLength() + " bytes: " + e
                + "; check nsaas.host.shm-dir (free space, permissions)", e);
        }
    }

    Path path() {
        return path;
    }

    RegionLayout layout() {
        return layout;
    }

    /** @return the mapping, for the attachment's CoreEngine */
    UnsafeBuffer buffer() {
        return region;
    }

    /** Publishes a host state ({@link RegionHeaderDescriptor#HOST_ATTACHED}, ...) with this generation. */
    void publish(int state) {
        if (!released) {
            header.hostStateWord(RegionHeaderDescriptor.hostStateWord(state, generation));
        }
    }

    /**
     * Marks the region DETACHED, deletes its file and, when {@code unmap}, unmaps it: only when no
     * NSM can touch it any more (else the mapping goes when the GC collects it). Idempotent.
     *
     * @return null, or why the file could not be deleted
     */
    String release(boolean unmap) {
        if (released) {
            return null;
        }
        publish(RegionHeaderDescriptor.HOST_DETACHED);
        released = true;
        if (unmap) {
            IoUtil.unmap(mapping);
        }
        try {
            Files.deleteIfExists(path);
            return null;
        } catch (IOException e) {
            return "cannot delete region " + path + ": " + e;
        }
    }
}
