package io.nsaas.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loads the host configuration from a HOCON file (or the embedded development default), fills in
 * the defaults from {@code reference.conf}, and validates all of it.
 *
 * <p>Substitutions ({@code ${...}}) resolve against the configuration itself, then Java system
 * properties (so {@code reference.conf} can say {@code ${java.io.tmpdir}}), then environment
 * variables. Relative paths resolve against the directory of the file that set them; settings from
 * classpath resources (the defaults, the embedded {@code default.conf}) resolve against the working
 * directory given to the constructor.
 *
 * <p>Stateless apart from the working directory; safe to use from several threads.
 */
public final class HostConfigLoader {

    /** Class-path resource loaded by {@link #loadDefault()}. */
    public static final String DEFAULT_RESOURCE = "io/nsaas/host/config/default.conf";

    /** Class-path resource holding the default of every {@code nsaas.host} key. */
    public static final String REFERENCE_RESOURCE = "reference.conf";

    /** Top-level keys that are probably a misspelt or unwrapped part of {@code nsaas}. */
    private static final List<String> NSAAS_LOOKALIKES = List.of("nsaas", "host", "tenants");
    private static final List<String> NSAAS_KEYS = List.of("host", "tenants");

    private final Path workingDir;

    /** A loader that resolves default relative paths against the process's working directory. */
    public HostConfigLoader() {
        this(Path.of("").toAbsolutePath());
    }

    /** @param workingDir base of relative paths that come from classpath resources rather than a file */
    public HostConfigLoader(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /**
     * Loads and validates a configuration file.
     *
     * @param file the HOCON file; messages name it as given here
     * @return the validated configuration
     * @throws ConfigException listing every problem found, each as {@code FILE:LINE: KEY: problem; expected ...}
     */
    public HostConfig load(Path file) {
        ProblemList problems = new ProblemList();
        SettingOrigin whole = new SettingOrigin(file.toString(), -1);
        String expected = "a readable HOCON file; check the --config path";
        if (!Files.exists(file)) {
            problems.error(whole, null, "file not found", expected);
        } else if (Files.isDirectory(file)) {
            problems.error(whole, null, "is a directory", expected);
        } else if (!Files.isReadable(file)) {
            problems.error(whole, null, "is not readable (permission denied)", expected);
        }
        problems.throwIfErrors();
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF);
        Config parsed = parse(() -> ConfigFactory.parseFile(file.toFile(), options), problems);
        return validate(file.toString(), parsed, problems);
    }

    /**
     * Loads and validates the embedded development configuration ({@link #DEFAULT_RESOURCE}): two
     * tenants on the kernel stack with well-known tokens, plugins from {@code target/plugins}.
     *
     * @throws ConfigException listing every problem, for example when {@code target/plugins} is missing
     */
    public HostConfig loadDefault() {
        ProblemList problems = new ProblemList();
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF);
        Config parsed = parse(() -> ConfigFactory.parseResources(HostConfigLoader.class.getClassLoader(),
            DEFAULT_RESOURCE, options), problems);
        problems.warn(new SettingOrigin(DEFAULT_RESOURCE, -1), null,
            "using the embedded development configuration; its tokens are public",
            "--config <file> for anything but local experiments");
        return validate(DEFAULT_RESOURCE, parsed, problems);
    }

    private HostConfig validate(String source, Config parsed, ProblemList problems) {
        // missing reference.conf is a packaging error; report it rather than run without defaults
        Config reference = parse(() -> ConfigFactory.parseResources(HostConfigLoader.class.getClassLoader(),
            REFERENCE_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false)), problems);
        Config merged = parsed.withFallback(reference);
        SettingReader reader = new SettingReader(merged.root(), workingDir, problems);
        checkTopLevelKeys(parsed.root(), reader);
        Config resolved = parse(() -> merged.resolve(ConfigResolveOptions.defaults()
            .appendResolver(new SystemPropertyResolver())), problems);
        ConfigValue nsaasValue = resolved.root().get("nsaas");
        if (nsaasValue == null || nsaasValue.valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
            reader.wrongType("nsaas", nsaasValue == null ? ConfigValueFactory.fromAnyRef(null) : nsaasValue,
                "an object: nsaas { host { ... }, tenants { ... } }");
            problems.throwIfErrors();
        }
        ConfigObject nsaas = (ConfigObject) nsaasValue;
        reader.checkKeys(nsaas, "nsaas", NSAAS_KEYS);
        ConfigObject host = reader.object(nsaas, "nsaas", "host", "an object: host { plugins = [...], ... }");
        ConfigObject tenantsSection = reader.object(nsaas, "nsaas", "tenants", "an object: tenants { <id> { ... } }");
        HostSettings settings = host == null ? null : new HostSectionReader(reader).read(host);
        List<TenantConfig> tenants = tenantsSection == null ? List.of() : new TenantSectionReader(reader).read(tenantsSection);
        problems.throwIfErrors();
        return new HostConfig(source, settings, tenants, problems.warnings());
    }

    /**
     * Top-level keys other than {@code nsaas} are free for values shared through substitutions
     * ({@code secrets { base = ... }}), except those that look like a misspelling of {@code nsaas} or a
     * section that belongs inside it.
     */
    private static void checkTopLevelKeys(ConfigObject root, SettingReader reader) {
        for (String key : new java.util.TreeSet<>(root.keySet())) {
            if (key.equals("nsaas")) {
                continue;
            }
            String like = ClosestMatch.among(key, NSAAS_LOOKALIKES);
            if (like != null) {
                String meant = like.equals("nsaas") ? "nsaas" : "nsaas." + like;
                reader.error(SettingReader.join("", key), root.get(key), "unknown key; did you mean " + meant + "?", null);
            }
        }
    }

    /**
     * Runs a typesafe-config parse or resolve step, turning its (single) error into a problem at its
     * origin and stopping there, since nothing after a syntax error can be trusted.
     */
    private static Config parse(Supplier<Config> step, ProblemList problems) {
        try {
            return step.get();
        } catch (com.typesafe.config.ConfigException e) {
            ConfigProblem problem = ConfigProblem.of(e);
            problems.error(problem.origin(), null, problem.problem(), problem.expected());
            problems.throwIfErrors();
            throw new IllegalStateException("unreachable", e);
        }
    }

    /** Lets substitutions fall back to Java system properties, such as {@code ${java.io.tmpdir}}. */
    private static final class SystemPropertyResolver implements ConfigResolver {
        @Override
        public ConfigValue lookup(String path) {
            String value = System.getProperty(path);
            return value == null ? null : ConfigValueFactory.fromAnyRef(value, "system property " + path);
        }

        @Override
        public ConfigResolver withFallback(ConfigResolver fallback) {
            ConfigResolver self = this;
            return new ConfigResolver() {
                @Override
                public ConfigValue lookup(String path) {
                    ConfigValue value = self.lookup(path);
                    return value != null ? value : fallback.lookup(path);
                }

                @Override
                public ConfigResolver withFallback(ConfigResolver next) {
                    return self.withFallback(fallback.withFallback(next));
                }
            };
        }
    }
}
