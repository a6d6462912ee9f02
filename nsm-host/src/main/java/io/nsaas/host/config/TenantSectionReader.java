package io.nsaas.host.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.nsaas.host.fabric.link.LinkProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.pf4j.DefaultVersionManager;

/**
 * Reads and checks {@code nsaas.tenants}: each tenant on its own, then what must hold across tenants
 * (distinct addresses and tokens, NSM group names that do not capture another tenant's dedicated NSM).
 */
final class TenantSectionReader {
    static final String PATH = "nsaas.tenants";
    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final Pattern STACK_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final List<String> TENANT_KEYS = List.of("stack", "address", "token", "nsm", "link");
    static final List<String> STACK_KEYS = List.of("id", "version", "options");
    static final int MIN_TOKEN_LENGTH = 16;
    static final int MAX_TOKEN_LENGTH = 256;

    private static final String TENANT_ID_EXPECTED =
        "1 to 32 characters of a-z, 0-9 and '-', starting with a letter or digit, e.g. vm-a";
    private static final String STACK_EXPECTED =
        "stack = <plugin id>, e.g. stack = kernel, or stack { id = cubic, version = \">=1.0.0 & <2.0.0\", options { ... } }";
    private static final String STACK_ID_EXPECTED =
        "a plugin id: 1 to 32 characters of a-z, 0-9 and '-', starting with a letter, e.g. newreno";
    private static final String VERSION_EXPECTED =
        "a version constraint such as \">=1.0.0 & <2.0.0\" or \"1.2.0\", or \"*\" for any version";
    private static final String TOKEN_EXPECTED = "a quoted secret of " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH
        + " printable ASCII characters without spaces, e.g. from `openssl rand -hex 16`";
    private static final String LINK_EXPECTED =
        "an object: link { rate = 100Mbps, delay = 5ms, buffer = 1000 packets, loss = 0.0, ... } (see CONFIG.md)";
    private static final String NSM_EXPECTED =
        "an NSM group name: 1 to 32 characters of a-z, 0-9 and '-', starting with a letter or digit";

    private final SettingReader reader;

    TenantSectionReader(SettingReader reader) {
        this.reader = reader;
    }

    /** @return the valid tenants in the order they were written; problems of the others are reported */
    List<TenantConfig> read(ConfigObject tenants) {
        List<TenantConfig> result = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : new TreeMap<>(tenants).entrySet()) {
            String id = entry.getKey();
            String path = SettingReader.join(PATH, id);
            ConfigValue value = entry.getValue();
            int errorsBefore = reader.problems().errorCount();
            if (!TENANT_ID.matcher(id).matches()) {
                reader.error(path, value, "'" + id + "' is not a valid tenant id", TENANT_ID_EXPECTED);
            }
            if (value.valueType() != ConfigValueType.OBJECT) {
                reader.wrongType(path, value, "an object: " + id + " { stack = ..., address = ..., token = ... }");
                continue;
            }
            TenantConfig tenant = tenant(id, path, (ConfigObject) value);
            if (tenant != null && reader.problems().errorCount() == errorsBefore) {
                result.add(tenant);
            }
        }
        result.sort(Comparator.<TenantConfig>comparingInt(t -> t.originOf("").line()).thenComparing(TenantConfig::id));
        new TenantCrossCheck(reader).check(result);
        if (tenants.isEmpty()) {
            reader.warn(reader.origin(PATH, tenants), PATH, "no tenants are configured; the host starts but nobody can attach",
                "at least one tenant, e.g. vm-a { stack = kernel, address = \"10.0.0.1/24\", token = \"...\" }");
        }
        return result;
    }

    private TenantConfig tenant(String id, String path, ConfigObject tenant) {
        reader.checkKeys(tenant, path, TENANT_KEYS);
        Map<String, SettingOrigin> origins = new HashMap<>();
        SettingOrigin here = reader.origin(path, tenant);
        origins.put("", here);
        StackChoice stack = stack(path, tenant.get("stack"), here, origins);
        Ipv4Cidr cidr = address(path, tenant.get("address"), here, origins);
        String token = token(path, tenant.get("token"), here, origins);
        String nsm = null;
        boolean nsmValid = true;
        ConfigValue nsmValue = tenant.get("nsm");
        if (nsmValue != null) {
            String nsmPath = path + ".nsm";
            origins.put("nsm", reader.origin(nsmPath, nsmValue));
            nsm = reader.text(nsmPath, nsmValue, NSM_EXPECTED);
            if (nsm != null && !TENANT_ID.matcher(nsm).matches()) {
                reader.error(nsmPath, nsmValue, "'" + nsm + "' is not a valid NSM group name", NSM_EXPECTED);
                nsm = null;
            }
            nsmValid = nsm != null;
        }
        ConfigValue linkValue = tenant.get("link");
        LinkProfile link = linkValue == null ? null : link(path + ".link", linkValue, origins);
        if (stack == null || cidr == null || token == null || !nsmValid || (linkValue != null && link == null)) {
            return null;
        }
        return new TenantConfig(id, stack.id, stack.version, stack.options, cidr.address(), cidr.prefixLength(),
            token, nsm != null ? nsm : id, nsm == null, origins, link);
    }

    /** @return the tenant's access link, or null when it is wrong (every problem reported) */
    private LinkProfile link(String path, ConfigValue value, Map<String, SettingOrigin> origins) {
        origins.put("link", reader.origin(path, value));
        if (value.valueType() != ConfigValueType.OBJECT) {
            reader.wrongType(path, value, LINK_EXPECTED);
            return null;
        }
        ConfigObject link = (ConfigObject) value;
        for (Map.Entry<String, ConfigValue> entry : link.entrySet()) {
            origins.put("link." + entry.getKey(), reader.origin(SettingReader.join(path, entry.getKey()), entry.getValue()));
        }
        return new LinkSectionReader(new SettingValues(reader), path, "CONFIG.md").readAccessLink(link);
    }

    /** The parsed {@code stack} setting. */
    private record StackChoice(String id, String version, Map<String, String> options) {
    }

    private StackChoice stack(String tenantPath, ConfigValue value, SettingOrigin tenantOrigin,
                              Map<String, SettingOrigin> origins) {
        String path = tenantPath + ".stack";
        if (value == null) {
            reader.error(tenantOrigin, path, "missing required key", STACK_EXPECTED);
            return null;
        }
        origins.put("stack", reader.origin(path, value));
        if (value.valueType() != ConfigValueType.OBJECT) {
            String id = reader.text(path, value, STACK_EXPECTED);
            return id != null && stackId(path, value, id) ? new StackChoice(id, TenantConfig.ANY_VERSION, Map.of()) : null;
        }
        ConfigObject stack = (ConfigObject) value;
        reader.checkKeys(stack, path, STACK_KEYS);
        int errorsBefore = reader.problems().errorCount();
        String id = null;
        ConfigValue idValue = stack.get("id");
        if (idValue == null) {
            reader.error(origins.get("stack"), path + ".id", "missing required key", STACK_ID_EXPECTED);
        } else {
            origins.put("stack.id", reader.origin(path + ".id", idValue));
            id = reader.text(path + ".id", idValue, STACK_ID_EXPECTED);
            if (id != null) {
                stackId(path + ".id", idValue, id);
            }
        }
        String version = TenantConfig.ANY_VERSION;
        ConfigValue versionValue = stack.get("version");
        if (versionValue != null) {
            origins.put("stack.version", reader.origin(path + ".version", versionValue));
            version = reader.text(path + ".version", versionValue, VERSION_EXPECTED);
            if (version != null) {
                versionConstraint(path + ".version", versionValue, version);
            }
        }
        Map<String, String> options = options(path, stack, origins);
        return reader.problems().errorCount() == errorsBefore ? new StackChoice(id, version, options) : null;
    }

    private boolean stackId(String path, ConfigValue value, String id) {
        if (STACK_ID.matcher(id).matches()) {
            return true;
        }
        String lower = id.toLowerCase(Locale.ROOT);
        reader.error(path, value, "'" + id + "' is not a stack plugin id",
            STACK_ID.matcher(lower).matches() ? "'" + lower + "' (plugin ids are lower case)" : STACK_ID_EXPECTED);
        return false;
    }

    /** Checks the constraint with pf4j's own parser, the one the registry matches versions with. */
    private void versionConstraint(String path, ConfigValue value, String constraint) {
        if (constraint.isBlank()) {
            reader.error(path, value, "is empty", VERSION_EXPECTED);
            return;
        }
        try {
            new DefaultVersionManager().checkVersionConstraint("0.0.0", constraint);
        } catch (RuntimeException e) {
            reader.error(path, value, "'" + constraint + "' is not a version constraint (" + e.getMessage() + ")",
                VERSION_EXPECTED);
        }
    }

    private Map<String, String> options(String stackPath, ConfigObject stack, Map<String, SettingOrigin> origins) {
        String path = stackPath + ".options";
        String expected = "an object of option names to strings, numbers or booleans, e.g. options { beta = 0.7 }";
        ConfigObject options = reader.object(stack, stackPath, "options", expected);
        if (options == null) {
            return Map.of();
        }
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> option : new TreeMap<>(options).entrySet()) {
            String optionPath = SettingReader.join(path, option.getKey());
            ConfigValue value = option.getValue();
            origins.put("stack.options." + option.getKey(), reader.origin(optionPath, value));
            switch (value.valueType()) {
                case STRING, NUMBER, BOOLEAN -> result.put(option.getKey(), reader.text(optionPath, value, null));
                case OBJECT, LIST -> reader.error(optionPath, value, "is " + SettingReader.describe(value)
                    + "; stack options cannot nest", "a string, number or boolean (quote a dotted name: \"a.b\" = 1)");
                default -> reader.wrongType(optionPath, value, "a string, number or boolean");
            }
        }
        return result;
    }

    private Ipv4Cidr address(String tenantPath, ConfigValue value, SettingOrigin tenantOrigin,
                             Map<String, SettingOrigin> origins) {
        String path = tenantPath + ".address";
        String expected = "address = \"a.b.c.d/n\", e.g. \"10.0.0.1/24\"";
        if (value == null) {
            reader.error(tenantOrigin, path, "missing required key", expected);
            return null;
        }
        origins.put("address", reader.origin(path, value));
        String text = reader.text(path, value, expected);
        return text == null ? null : reader.parse(path, value, text, Ipv4Cidr::parse);
    }

    private String token(String tenantPath, ConfigValue value, SettingOrigin tenantOrigin,
                         Map<String, SettingOrigin> origins) {
        String path = tenantPath + ".token";
        if (value == null) {
            reader.error(tenantOrigin, path, "missing required key", TOKEN_EXPECTED);
            return null;
        }
        origins.put("token", reader.origin(path, value));
        if (value.valueType() != ConfigValueType.STRING) {
            // never echo the value: it may be a mistyped secret
            reader.error(path, value, "is " + typeName(value.valueType()), TOKEN_EXPECTED);
            return null;
        }
        String token = (String) value.unwrapped();
        String problem = tokenProblem(token);
        if (problem != null) {
            reader.error(path, value, problem, TOKEN_EXPECTED);
            return null;
        }
        return token;
    }

    private static String tokenProblem(String token) {
        if (token.isEmpty()) {
            return "is empty";
        }
        int length = token.length();
        if (length < MIN_TOKEN_LENGTH || length > MAX_TOKEN_LENGTH) {
            return "is " + length + " characters long";
        }
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "has a space, control or non-ASCII character at position " + (i + 1);
            }
        }
        return null;
    }

    private static String typeName(ConfigValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case LIST -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            case STRING -> "a string";
        };
    }
}
