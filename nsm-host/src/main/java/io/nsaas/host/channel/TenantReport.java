package io.nsaas.host.channel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant in the answer to {@code STATUS} on the control socket: one line
 * {@code TENANT <id> stack=<id>@<version> nsm=<name> state=<RUNNING|FAILED|STOPPED> address=<cidr>
 * attached=<yes|no> sockets=<n> sent=<n> received=<n> nqes=<n>}; the answer ends with {@code END}.
 * Counters are those of the current attachment (0 when none). Holds no secret.
 *
 * @param tenantId the tenant
 * @param stack    stack plugin id and version, {@code newreno@1.0.0}
 * @param nsm      the NSM serving the tenant
 * @param state    the tenant's stack state
 * @param address  the tenant's address, {@code 10.0.0.1/24}
 * @param attached whether a guest is attached
 * @param sockets  sockets the guest has open
 * @param sent     payload bytes the stack accepted from the guest's SENDs
 * @param received payload bytes delivered to the guest by RECV
 * @param nqes     job NQEs the host took from the guest
 */
public record TenantReport(String tenantId, String stack, String nsm, String state, String address, boolean attached,
                           long sockets, long sent, long received, long nqes) {

    /** First word of a tenant line. */
    public static final String TENANT = "TENANT";
    /** Last line of a STATUS answer. */
    public static final String END = "END";

    /** @return the line for the STATUS answer */
    public String line() {
        return TENANT + ' ' + tenantId + " stack=" + stack + " nsm=" + nsm + " state=" + state + " address=" + address
            + " attached=" + (attached ? "yes" : "no") + " sockets=" + sockets + " sent=" + sent + " received=" + received
            + " nqes=" + nqes;
    }

    /**
     * @return the report a {@link #line()} describes
     * @throws IllegalArgumentException when the line is not a tenant line of this form
     */
    public static TenantReport parse(String line) {
        String[] words = line.split(" ");
        if (words.length < 2 || !words[0].equals(TENANT)) {
            throw new IllegalArgumentException("not a TENANT line: '" + shorten(line) + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("field '" + shorten(words[i]) + "' is not key=value in '" + shorten(line) + "'");
            }
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return new TenantReport(words[1], field(fields, "stack"), field(fields, "nsm"), field(fields, "state"),
            field(fields, "address"), "yes".equals(field(fields, "attached")), number(fields, "sockets"),
            number(fields, "sent"), number(fields, "received"), number(fields, "nqes"));
    }

    private static String field(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("TENANT line has no " + key + "=");
        }
        return value;
    }

    private static long number(Map<String, String> fields, String key) {
        String value = field(fields, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TENANT line field " + key + "=" + shorten(value) + " is not a number", e);
        }
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
