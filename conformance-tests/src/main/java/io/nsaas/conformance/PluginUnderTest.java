package io.nsaas.conformance;

import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import io.nsaas.spi.StackDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stack plugin zip loaded the way the host loads it (pf4j, SPI version check, zip limits), into a
 * private work directory. The zip must hold exactly one stack plugin that starts; anything else is a
 * clear {@link IllegalArgumentException} naming the zip.
 *
 * <p>Threading: create and close on one thread; {@link #stack()} may be used from any thread the
 * stack's own contract allows.
 */
public final class PluginUnderTest implements AutoCloseable {
    private final Path zip;
    private final String sha256;
    private final Path workDir;
    private final PluginStackRegistry registry;
    private final LoadedStack stack;

    private PluginUnderTest(Path zip, String sha256, Path workDir, PluginStackRegistry registry, LoadedStack stack) {
        this.zip = zip;
        this.sha256 = sha256;
        this.workDir = workDir;
        this.registry = registry;
        this.stack = stack;
    }

    /**
     * Loads {@code zip}.
     *
     * @throws IllegalArgumentException when the file is missing, is rejected by the loader, or holds
     *                                  no started stack or more than one
     */
    public static PluginUnderTest load(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("plugin zip " + zip + " does not exist or is not a file");
        }
        String sha256 = sha256(zip);
        Path workDir;
        try {
            workDir = Files.createTempDirectory("nsaas-tck-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for " + zip, e);
        }
        PluginStackRegistry registry = new StackPluginLoader(workDir).load(List.of(zip));
        List<LoadedStack> stacks = registry.stacks();
        if (stacks.size() != 1) {
            String reports = registry.reports().stream().map(PluginReport::toString).collect(Collectors.joining("; "));
            registry.close();
            throw new IllegalArgumentException("plugin zip " + zip + " must hold exactly one stack plugin that starts, found "
                + stacks.size() + (reports.isEmpty() ? "" : " (" + reports + ")"));
        }
        return new PluginUnderTest(zip, sha256, workDir, registry, stacks.get(0));
    }

    /** @return the zip this was loaded from */
    public Path zip() {
        return zip;
    }

    /** @return the zip's SHA-256, lower-case hex */
    public String sha256() {
        return sha256;
    }

    /** @return the loaded stack */
    public LoadedStack stack() {
        return stack;
    }

    /** @return the stack's descriptor (id, version, algorithm, capabilities) */
    public StackDescriptor descriptor() {
        return stack.descriptor();
    }

    /** @return the registry the plugin lives in (for code that resolves stacks by id, e.g. the simulator) */
    public PluginStackRegistry registry() {
        return registry;
    }

    /** @return the private work directory the zip was unpacked into */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        registry.close();
    }

    /** @return the SHA-256 of a file, lower-case hex */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
