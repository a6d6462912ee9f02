package io.nsaas.conformance.mutants;

import io.nsaas.conformance.mutants.plugin.Mutation;
import io.nsaas.conformance.mutants.plugin.MutantStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds a mutant stack plugin zip laid out as {@code stacks/plugin-zip.xml} lays out real ones:
 * {@code classes/} holds the compiled {@code mutants.plugin} package, {@code mutant.properties}, a
 * manifest with the Plugin-* descriptor and an extension index naming {@link MutantStack};
 * {@code lib/} holds the real newreno stack (its {@code classes/} jarred, without its manifest and
 * extension index so pf4j finds only the mutant) and newreno's own {@code lib/} jars (tcp-engine).
 * The SPI and pf4j are never bundled: the host provides them.
 */
final class MutantZipBuilder {
    private static final String PLUGIN_PACKAGE = "io/nsaas/conformance/mutants/plugin/";

    private MutantZipBuilder() {
    }

    /** Writes the mutant {@code mutation} of the newreno plugin zip {@code newreno} to {@code dir/<stack id>.zip}. */
    static Path write(Mutation mutation, Path newreno, Path dir) {
        Path zip = dir.resolve(mutation.stackId() + ".zip");
        try (ZipFile real = new ZipFile(newreno.toFile());
             OutputStream file = Files.newOutputStream(zip);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("classes/META-INF/MANIFEST.MF", manifest(mutation, real));
            entries.put("classes/META-INF/extensions.idx", (MutantStack.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            Path compiled = codeSource(MutantStack.class).resolve(PLUGIN_PACKAGE);
            try (Stream<Path> classes = Files.list(compiled)) {
                for (Path c : classes.filter(MutantZipBuilder::isPluginClass).sorted().toList()) {
                    entries.put("classes/" + PLUGIN_PACKAGE + c.getFileName(), Files.readAllBytes(c));
                }
            }
            entries.put("classes/" + PLUGIN_PACKAGE + "mutant.properties",
                ("mutation=" + mutation.name() + "\n").getBytes(StandardCharsets.UTF_8));
            entries.put("lib/newreno-classes.jar", stackClassesJar(real));
            for (ZipEntry entry : real.stream().filter(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar")).toList()) {
                entries.put(entry.getName(), real.getInputStream(entry).readAllBytes());
            }
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build mutant " + mutation + " from " + newreno, e);
        }
    }

    /** @return true for a class of the mutant plugin, false for its unit tests (which sit in the same package) */
    private static boolean isPluginClass(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".class") && !name.matches(".*Test(\\$.*)?\\.class");
    }

    /** @return the names of the entries in {@code zip}'s lib/ */
    static List<String> libEntries(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).filter(n -> n.startsWith("lib/")).toList();
        }
    }

    private static byte[] manifest(Mutation mutation, ZipFile real) throws IOException {
        Manifest realManifest = new Manifest(real.getInputStream(real.getEntry("classes/META-INF/MANIFEST.MF")));
        Attributes realMain = realManifest.getMainAttributes();
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", mutation.stackId());
        main.putValue("Plugin-Version", realMain.getValue("Plugin-Version"));
        main.putValue("Plugin-Requires", realMain.getValue("Plugin-Requires"));
        main.putValue("Plugin-Description", "conformance self-test mutant of newreno: " + mutation);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mf.write(bytes);
        return bytes.toByteArray();
    }

    /** @return the real stack's classes/ as a jar, without the entries that would make pf4j load it as a plugin or extension */
    private static byte[] stackClassesJar(ZipFile real) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (ZipEntry entry : real.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("classes/") || entry.isDirectory() || name.equals("classes/META-INF/MANIFEST.MF")
                    || name.equals("classes/META-INF/extensions.idx") || name.startsWith("classes/META-INF/services/")) {
                    continue;
                }
                jar.putNextEntry(new ZipEntry(name.substring("classes/".length())));
                jar.write(real.getInputStream(entry).readAllBytes());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
