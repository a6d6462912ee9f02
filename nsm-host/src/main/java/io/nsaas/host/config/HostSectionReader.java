package io.nsaas.host.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and checks the {@code nsaas.host} section. Every key has a default in {@code reference.conf}. */
final class HostSectionReader {
    static final List<String> KEYS = List.of("plugins", "work-dir", "control-socket", "shm-dir", "pcap", "seed", "channel");

    /** sun_path in struct sockaddr_un is 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private final SettingReader reader;
    private final Map<String, SettingOrigin> origins = new HashMap<>();

    HostSectionReader(SettingReader reader) {
        this.reader = reader;
    }

    /** @return the settings, or null when any of them is wrong (every problem reported) */
    HostSettings read(ConfigObject host) {
        reader.checkKeys(host, HostSettings.PATH, KEYS);
        origins.put("", reader.origin(HostSettings.PATH, host));
        List<Path> plugins = plugins(host.get("plugins"));
        Path workDir = workDir(host.get("work-dir"));
        Path controlSocket = controlSocket(host.get("control-socket"));
        Path shmDir = shmDir(host.get("shm-dir"));
        Optional<Path> pcap = pcap(host.get("pcap"));
        Long seed = seed(host.get("seed"));
        ChannelSettings channel = channel(host);
        if (plugins == null || workDir == null || controlSocket == null || shmDir == null || pcap == null
            || seed == null || channel == null) {
            return null;
        }
        return new HostSettings(plugins, workDir, controlSocket, shmDir, pcap, seed, channel, origins);
    }

    private ChannelSettings channel(ConfigObject host) {
        ConfigObject section = reader.object(host, HostSettings.PATH, "channel",
            "an object: channel { chunk-size = 64KiB, tx-chunks = 64, ... }");
        if (section == null) {
            if (host.get("channel") == null) {
                text("channel", null, null);
            }
            return null;
        }
        origins.put("channel", reader.origin(ChannelSettings.PATH, section));
        return new ChannelSectionReader(reader).read(section);
    }

    private String text(String key, ConfigValue value, String expected) {
        String path = HostSettings.path(key);
        if (value == null) {
            // only when reference.conf is missing from the class path: a packaging error
            reader.error(origins.get(""), path, "missing required key", "the key to be set (reference.conf not found?)");
            return null;
        }
        origins.put(key, reader.origin(path, value));
        return reader.text(path, value, expected);
    }

    private List<Path> plugins(ConfigValue value) {
        String path = HostSettings.path("plugins");
        if (value == null) {
            text("plugins", null, null);
            return null;
        }
        origins.put("plugins", reader.origin(path, value));
        String expected = "a list of plugin zips or directories, e.g. [ \"target/plugins\" ]";
        List<ConfigValue> elements = reader.list(path, value, expected);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            reader.error(path, value, "is empty", "at least one plugin zip, plugin directory or directory containing them");
            return null;
        }
        List<Path> plugins = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < elements.size(); i++) {
            Path plugin = pluginSource(path + "[" + i + "]", elements.get(i));
            ok &= plugin != null;
            plugins.add(plugin);
        }
        return ok ? plugins : null;
    }

    private Path pluginSource(String path, ConfigValue element) {
        SettingOrigin origin = SettingOrigin.of(element.origin());
        origins.put(path.substring(HostSettings.PATH.length() + 1), origin);
        String expected = "a plugin zip, a plugin directory or a directory containing them";
        if (element.valueType() != ConfigValueType.STRING) {
            reader.error(origin, path, "is " + SettingReader.describe(element), expected + ", as a string");
            return null;
        }
        String text = (String) element.unwrapped();
        if (text.isBlank()) {
            reader.error(origin, path, "is empty", expected);
            return null;
        }
        Path plugin = reader.path(path, element, text);
        if (plugin == null) {
            return null;
        }
        if (!Files.exists(plugin)) {
            reader.error(origin, path, "'" + plugin + "' does not exist",
                expected + " (build the plugins with mvn package, or fix the path)");
            return null;
        }
        if (Files.isRegularFile(plugin) && !plugin.getFileName().toString().endsWith(".zip")) {
            reader.error(origin, path, "'" + plugin + "' is a file but not a .zip", expected);
            return null;
        }
        return plugin;
    }

    private Path workDir(ConfigValue value) {
        String path = HostSettings.path("work-dir");
        Path dir = nonEmptyPath("work-dir", value, "a directory path (created when missing)");
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            reader.error(path, value, "'" + dir + "' exists and is not a directory", "a directory, or a path where one can be created");
            return null;
        }
        return dir;
    }

    private Path controlSocket(ConfigValue value) {
        String path = HostSettings.path("control-socket");
        Path socket = nonEmptyPath("control-socket", value, "a Unix domain socket path, e.g. /tmp/nsaas/control.sock");
        if (socket == null) {
            return null;
        }
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            reader.error(path, value, "'" + socket + "' is " + bytes + " bytes long",
                "at most " + MAX_SOCKET_PATH_BYTES + " bytes (the Unix socket path limit, sun_path); choose a shorter path");
            return null;
        }
        if (Files.isDirectory(socket)) {
            reader.error(path, value, "'" + socket + "' is a directory", "the path of the socket file itself, e.g. "
                + socket.resolve("control.sock"));
            return null;
        }
        return socket;
    }

    private Path shmDir(ConfigValue value) {
        String path = HostSettings.path("shm-dir");
        Path dir = nonEmptyPath("shm-dir", value, "an existing directory, e.g. /dev/shm");
        if (dir == null) {
            return null;
        }
        if (!Files.exists(dir)) {
            reader.error(path, value, "'" + dir + "' does not exist", "an existing directory, e.g. /dev/shm");
            return null;
        }
        if (!Files.isDirectory(dir)) {
            reader.error(path, value, "'" + dir + "' is not a directory", "an existing directory, e.g. /dev/shm");
            return null;
        }
        return dir;
    }

    /** @return empty when off, the pcap path when on, null when wrong (reported) */
    private Optional<Path> pcap(ConfigValue value) {
        String path = HostSettings.path("pcap");
        String text = text("pcap", value, "a pcap file path in a string, or \"\" for no capture");
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path pcap = reader.path(path, value, text);
        if (pcap == null) {
            return null;
        }
        if (Files.isDirectory(pcap)) {
            reader.error(path, value, "'" + pcap + "' is a directory", "the path of a pcap file to write, or \"\" for no capture");
            return null;
        }
        Path parent = pcap.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            reader.error(path, value, "directory '" + parent + "' does not exist",
                "a pcap file in an existing directory, or \"\" for no capture");
            return null;
        }
        return Optional.of(pcap);
    }

    private Long seed(ConfigValue value) {
        String path = HostSettings.path("seed");
        String expected = "a whole number in the 64-bit signed range, e.g. 1";
        String text = text("seed", value, expected);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            reader.wrongType(path, value, expected);
            return null;
        }
    }

    private Path nonEmptyPath(String key, ConfigValue value, String expected) {
        String path = HostSettings.path(key);
        String text = text(key, value, expected);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            reader.error(path, value, "is empty", expected);
            return null;
        }
        return reader.path(path, value, text);
    }
}
