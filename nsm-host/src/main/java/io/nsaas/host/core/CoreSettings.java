package io.nsaas.host.core;

/**
 * Per-tenant limits of a {@link CoreEngine}.
 *
 * @param maxSockets        how many sockets the tenant may have open at once, 1..{@value #MAX_SOCKETS}
 *                          (SOCKET and ACCEPT answer {@code -EMFILE} beyond it)
 * @param maxHeldPerSocket  how many blocking requests one socket may have waiting, 1..{@value #MAX_HELD_PER_SOCKET}
 *                          (beyond it a request is answered {@code -EAGAIN})
 * @param completionBacklog how many completions the host keeps while the tenant's completion ring is full,
 *                          1..{@value #MAX_COMPLETION_BACKLOG}; when it overflows the tenant is detached
 */
public record CoreSettings(int maxSockets, int maxHeldPerSocket, int completionBacklog) {
    public static final int MAX_SOCKETS = 1 << 20;
    public static final int MAX_HELD_PER_SOCKET = 1 << 16;
    public static final int MAX_COMPLETION_BACKLOG = 1 << 24;

    /** @throws IllegalArgumentException naming the setting, its range and the bad value */
    public CoreSettings {
        check("max sockets", maxSockets, MAX_SOCKETS);
        check("max held requests per socket", maxHeldPerSocket, MAX_HELD_PER_SOCKET);
        check("completion backlog", completionBacklog, MAX_COMPLETION_BACKLOG);
    }

    /** @return 1024 sockets, 64 held requests per socket, 4096 backlogged completions */
    public static CoreSettings defaults() {
        return new CoreSettings(1024, 64, 4096);
    }

    private static void check(String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("core " + what + " is " + value + "; it must be in 1.." + max);
        }
    }
}
