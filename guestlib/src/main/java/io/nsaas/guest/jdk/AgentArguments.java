package io.nsaas.guest.jdk;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The agent's arguments, exactly {@code tenant=ID,token=TOKEN,control=PATH} (these three keys, each
 * once, in this order, none empty).
 *
 * @param tenant the tenant id as configured on the host
 * @param token the tenant's token
 * @param control the host's control socket
 */
record AgentArguments(String tenant, String token, Path control) {

    static final String FORM = "tenant=ID,token=TOKEN,control=PATH";

    /**
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    static AgentArguments parse(String args) {
        if (args == null || args.isEmpty()) {
            throw wrong("no arguments given");
        }
        String[] parts = args.split(",", -1);
        if (parts.length != 3) {
            throw wrong("expected 3 comma-separated key=value pairs, got " + parts.length
                    + " (a token or path containing ',' is not supported)");
        }
        String tenant = value(parts[0], "tenant");
        String token = value(parts[1], "token");
        String control = value(parts[2], "control");
        try {
            return new AgentArguments(tenant, token, Path.of(control));
        } catch (InvalidPathException e) {
            throw wrong("control path '" + control + "' is not a valid path: " + e.getReason());
        }
    }

    private static String value(String part, String key) {
        String prefix = key + "=";
        if (!part.startsWith(prefix)) {
            int eq = part.indexOf('=');
            String got = eq < 0 ? "'" + part + "'" : "key '" + part.substring(0, eq) + "'";
            throw wrong("expected key '" + key + "' at this position, got " + got);
        }
        String value = part.substring(prefix.length());
        if (value.isEmpty()) {
            throw wrong(key + " is empty");
        }
        return value;
    }

    private static IllegalArgumentException wrong(String what) {
        return new IllegalArgumentException("nsaas agent: bad -javaagent arguments: " + what
                + "; expected -javaagent:nsaas-guestlib.jar=" + FORM);
    }

    @Override
    public String toString() {
        return "tenant=" + tenant + ",token=<hidden>,control=" + control;
    }
}
