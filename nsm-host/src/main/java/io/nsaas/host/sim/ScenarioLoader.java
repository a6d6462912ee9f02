package io.nsaas.host.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.nsaas.host.config.ClosestMatch;
import io.nsaas.host.config.ConfigProblem;
import io.nsaas.host.config.LinkSectionReader;
import io.nsaas.host.config.ProblemList;
import io.nsaas.host.config.SettingOrigin;
import io.nsaas.host.config.SettingReader;
import io.nsaas.host.config.SettingValues;
import io.nsaas.host.fabric.link.LinkProfile;
import io.nsaas.host.perf.DurationText;
import io.nsaas.host.plugin.LoadedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads a scenario file of {@code nsaas sim} (HOCON) and checks all of it, reporting every problem at
 * once, each as {@code FILE:LINE: KEY: problem; expected ...}.
 *
 * <pre>
 * name = "two-dctcp-flows"      # optional; default: the file name without its extension
 * seed = 42                     # optional; default 1
 * duration = 10s                # required, above 0
 * mtu = 1500                    # optional; default 1500, 576..65535
 * bottleneck {
 *   rate = 1Gbps                # required, above 0: bps, kbps, Mbps, Gbps, Tbps (powers of 1000)
 *   delay = 50us                # required, 0 or more: ns, us, ms, s
 *   buffer = 466 packets        # required: packets, or bytes (KB = 1000 bytes, KiB = 1024 bytes)
 *   ecn-threshold = 20 packets  # optional: no marking without it
 *   loss = 0.0                  # optional, each in [0,1]; default 0
 *   duplicate = 0.0
 *   reorder = 0.0
 *   corrupt = 0.0
 * }
 * flows = [                     # required, at least one
 *   { stack = dctcp, start = 0s }                 # stack required; start default 0s; bulk until the end
 *   { stack = cubic, start = 2s, bytes = 50MB }   # bytes: above 0, a unit or a plain number of bytes
 * ]
 * </pre>
 *
 * <p>Substitutions ({@code ${...}}) resolve against the file itself, then the environment. Whether a
 * flow's stack exists is checked here only when the loader is given the loaded stacks; the simulator
 * checks it again in any case.
 *
 * <p>Stateless; safe to use from several threads.
 */
public final class ScenarioLoader {
    /** Where the scenario format is documented, for messages. */
    public static final String REFERENCE = "README.md, nsaas sim";
    public static final int DEFAULT_MTU = LinkSectionReader.DEFAULT_MTU;
    public static final int MIN_MTU = LinkSectionReader.MIN_MTU;
    public static final int MAX_MTU = LinkSectionReader.MAX_MTU;
    public static final long DEFAULT_SEED = 1;

    static final List<String> KEYS = List.of("name", "seed", "duration", "mtu", "bottleneck", "flows");
    static final List<String> FLOW_KEYS = List.of("stack", "start", "bytes");

    private static final String DURATION = "a run length above 0, e.g. 10s or 200ms";
    private static final String FLOWS = "a list of flows, e.g. [ { stack = newreno, start = 0s } ]";
    private static final String START = "a start time from 0 to before the end of the run, e.g. 0s or 2s";
    private static final String BYTES = "a byte count above 0, e.g. 50MB or 1000000 (omit to send until the end)";

    private final List<LoadedStack> stacks;

    /** A loader that leaves checking the flows' stacks to the simulator. */
    public ScenarioLoader() {
        this.stacks = null;
    }

    /**
     * A loader that also checks that each flow names a packet-level stack among {@code stacks}, so that
     * such mistakes are reported together with the rest, with a suggestion for a misspelt id.
     */
    public ScenarioLoader(Collection<LoadedStack> stacks) {
        this.stacks = List.copyOf(stacks);
    }

    /**
     * Loads and checks a scenario file.
     *
     * @param file the HOCON file; messages name it as given here
     * @throws ScenarioException listing every problem found
     */
    public Scenario load(Path file) {
        String source = file.toString();
        checkReadable(file, source);
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF);
        Config parsed = typesafe(() -> ConfigFactory.parseFile(file.toFile(), options));
        Config resolved = typesafe(parsed::resolve);
        ProblemList problems = new ProblemList();
        SettingReader reader = new SettingReader(parsed.root(), file.toAbsolutePath().getParent(), problems);
        Scenario scenario = read(source, defaultName(file), resolved.root(), new SettingValues(reader));
        if (problems.hasErrors()) {
            throw new ScenarioException(problems.errors());
        }
        return scenario;
    }

    private Scenario read(String source, String defaultName, ConfigObject root, SettingValues values) {
        SettingReader reader = values.reader();
        reader.checkKeys(root, "", KEYS, REFERENCE);
        SettingOrigin top = new SettingOrigin(source, Math.max(1, root.origin().lineNumber()));
        ConfigValue nameValue = root.get("name");
        String name = nameValue == null ? defaultName : values.string("name", nameValue, "a name in a string, e.g. \"two-flows\"");
        ConfigValue seedValue = root.get("seed");
        Long seed = seedValue == null ? Long.valueOf(DEFAULT_SEED)
            : values.whole("seed", seedValue, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number in the 64-bit signed range, e.g. 42");
        Long duration = duration(root, top, values);
        ConfigValue mtuValue = root.get("mtu");
        Long mtu = mtuValue == null ? Long.valueOf(DEFAULT_MTU)
            : values.whole("mtu", mtuValue, MIN_MTU, MAX_MTU, LinkSectionReader.MTU);
        Integer mtuBytes = mtu == null ? null : mtu.intValue();
        BottleneckSpec bottleneck = null;
        if (root.get("bottleneck") == null) {
            reader.error(top, "bottleneck", "missing required key", "bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }");
        } else {
            ConfigObject section = reader.object(root, "", "bottleneck", "an object: bottleneck { rate = ..., delay = ..., buffer = ... }");
            LinkProfile link = section == null ? null
                : new LinkSectionReader(values, "bottleneck", REFERENCE).readBottleneck(section, mtuBytes);
            bottleneck = link == null ? null : new BottleneckSpec(link.rateBitsPerSecond(), link.delayNanos(),
                link.queueLimitPackets(), link.queueLimitBytes(), link.ecnThresholdPackets(), link.ecnThresholdBytes(),
                link.loss(), link.duplicate(), link.reorder(), link.corrupt());
        }
        List<FlowSpec> flows = flows(root, top, duration, values);
        if (name == null || seed == null || duration == null || mtu == null || bottleneck == null || flows == null) {
            return null;
        }
        return new Scenario(source, name, seed, duration, mtuBytes, bottleneck, flows);
    }

    private static Long duration(ConfigObject root, SettingOrigin top, SettingValues values) {
        ConfigValue value = root.get("duration");
        if (value == null) {
            values.reader().error(top, "duration", "missing required key", DURATION);
            return null;
        }
        Long duration = values.nanos("duration", value, DURATION);
        if (duration != null && duration == 0) {
            values.reader().error("duration", value, "is zero", DURATION);
            return null;
        }
        return duration;
    }

    /** @return the flows, or null when the list or any flow is wrong (reported) */
    private List<FlowSpec> flows(ConfigObject root, SettingOrigin top, Long duration, SettingValues values) {
        SettingReader reader = values.reader();
        ConfigValue value = root.get("flows");
        if (value == null) {
            reader.error(top, "flows", "missing required key", FLOWS);
            return null;
        }
        List<ConfigValue> elements = reader.list("flows", value, FLOWS);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            reader.error("flows", value, "is empty", "at least one flow, e.g. [ { stack = newreno, start = 0s } ]");
            return null;
        }
        List<FlowSpec> flows = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            flows.add(flow(i, elements.get(i), duration, values));
        }
        return flows.contains(null) ? null : flows;
    }

    private FlowSpec flow(int id, ConfigValue element, Long duration, SettingValues values) {
        SettingReader reader = values.reader();
        String path = "flows[" + id + "]";
        SettingOrigin where = SettingOrigin.of(element.origin());
        if (element.valueType() != ConfigValueType.OBJECT) {
            reader.error(where, path, "is " + SettingReader.describe(element), "a flow object, e.g. { stack = newreno, start = 0s }");
            return null;
        }
        ConfigObject flow = (ConfigObject) element;
        reader.checkKeys(flow, path, FLOW_KEYS, REFERENCE);
        String stack = stack(flow, path, where, values);
        ConfigValue startValue = flow.get("start");
        Long start = startValue == null ? Long.valueOf(0) : values.nanos(path + ".start", startValue, START);
        if (start != null && duration != null && start >= duration) {
            reader.error(path + ".start", startValue, "starts at " + DurationText.format(start) + ", not before the end of the run at "
                + DurationText.format(duration), START);
            start = null;
        }
        ConfigValue bytesValue = flow.get("bytes");
        Long bytes = bytesValue == null ? Long.valueOf(FlowSpec.BULK) : bytes(path + ".bytes", bytesValue, values);
        if (stack == null || start == null || bytes == null) {
            return null;
        }
        return new FlowSpec(id, stack, start, bytes, where.toString());
    }

    private String stack(ConfigObject flow, String path, SettingOrigin where, SettingValues values) {
        ConfigValue value = flow.get("stack");
        String expected = stacks == null ? "a stack plugin id, e.g. newreno (see nsaas stacks)" : "one of " + packetLevelIds()
            + " (the loaded packet-level stacks; see nsaas stacks)";
        if (value == null) {
            values.reader().error(where, path + ".stack", "missing required key", expected);
            return null;
        }
        String stack = values.string(path + ".stack", value, expected);
        if (stack == null || stacks == null) {
            return stack;
        }
        TreeMap<String, LoadedStack> byId = new TreeMap<>();
        stacks.forEach(s -> byId.putIfAbsent(s.pluginId(), s));
        LoadedStack loaded = byId.get(stack);
        if (loaded != null && !loaded.descriptor().packetLevel()) {
            values.reader().error(path + ".stack", value, "'" + stack + "' is a socket-level stack; the simulator runs"
                + " packet-level stacks only", expected);
            return null;
        }
        if (loaded == null) {
            String like = ClosestMatch.among(stack, packetLevelIdList());
            values.reader().error(path + ".stack", value, "unknown stack '" + stack + "'"
                + (like == null ? "" : "; did you mean " + like + "?"), expected);
            return null;
        }
        return stack;
    }

    private static Long bytes(String path, ConfigValue value, SettingValues values) {
        SettingValues.Size size = values.size(path, value, true, BYTES);
        if (size == null) {
            return null;
        }
        if (size.packets()) {
            values.reader().error(path, value, "is in packets", BYTES);
            return null;
        }
        if (size.amount() == 0) {
            values.reader().error(path, value, "is zero", BYTES);
            return null;
        }
        return size.amount();
    }

    private List<String> packetLevelIdList() {
        return stacks.stream().filter(s -> s.descriptor().packetLevel()).map(LoadedStack::pluginId).distinct().sorted().toList();
    }

    private String packetLevelIds() {
        List<String> ids = packetLevelIdList();
        return ids.isEmpty() ? "(none loaded)" : String.join(", ", ids);
    }

    private static void checkReadable(Path file, String source) {
        String problem = !Files.exists(file) ? "file not found"
            : Files.isDirectory(file) ? "is a directory"
            : !Files.isReadable(file) ? "is not readable (permission denied)" : null;
        if (problem != null) {
            throw new ScenarioException(List.of(new ConfigProblem(new SettingOrigin(source, -1), null, problem,
                "a readable scenario file (HOCON; see " + REFERENCE + ")")));
        }
    }

    /** Runs a typesafe-config parse or resolve step; nothing after a syntax error can be trusted, so stop there. */
    private static Config typesafe(Supplier<Config> step) {
        try {
            return step.get();
        } catch (com.typesafe.config.ConfigException e) {
            ConfigProblem problem = ConfigProblem.of(e);
            String expected = e instanceof com.typesafe.config.ConfigException.Parse && problem.problem().startsWith("syntax error")
                ? "HOCON syntax (see " + REFERENCE + ")" : problem.expected();
            throw new ScenarioException(List.of(new ConfigProblem(problem.origin(), null, problem.problem(), expected)));
        }
    }

    private static String defaultName(Path file) {
        String name = file.getFileName() == null ? "scenario" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
