package io.nsaas.host.perf;

import io.nsaas.host.perf.toystack.ToyStreamStack;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.SpiVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The toy packet-level stack, as a loaded stack or written out as a pf4j plugin directory. */
public final class ToyPlugin {
    private static final String PACKAGE = "io/nsaas/host/perf/toystack/";

    private ToyPlugin() {
    }

    /** @return the toy stack as the host sees a started plugin */
    public static LoadedStack loaded() {
        ToyStreamStack stack = new ToyStreamStack();
        return new LoadedStack(ToyStreamStack.ID, stack.descriptor().version(), stack);
    }

    /** Writes {@code <plugins>/toy/} laid out as a plugin directory. @return {@code plugins} */
    public static Path writeInto(Path plugins) throws IOException, URISyntaxException {
        Path classes = plugins.resolve("toy").resolve("classes");
        Files.createDirectories(classes.resolve("META-INF"));
        Files.createDirectories(plugins.resolve("toy").resolve("lib"));
        Files.writeString(classes.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\n"
            + "Plugin-Id: " + ToyStreamStack.ID + "\nPlugin-Version: 1.0.0\nPlugin-Requires: >=" + SpiVersion.CURRENT
            + " & <2.0.0\n\n", StandardCharsets.UTF_8);
        Files.writeString(classes.resolve("META-INF/extensions.idx"), ToyStreamStack.class.getName() + "\n");
        Path compiled = Path.of(ToyStreamStack.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(PACKAGE);
        Files.createDirectories(classes.resolve(PACKAGE));
        List<Path> files;
        try (Stream<Path> listing = Files.list(compiled)) {
            files = listing.collect(Collectors.toList());
        }
        for (Path file : files) {
            Files.copy(file, classes.resolve(PACKAGE).resolve(file.getFileName()));
        }
        return plugins;
    }
}
