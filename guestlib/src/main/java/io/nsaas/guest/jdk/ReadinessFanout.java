package io.nsaas.guest.jdk;

/**
 * The one readiness listener of a channel's {@link io.nsaas.guest.api.GuestSocket}: signals every
 * {@link NsaasSelector} the channel is registered with. Runs on the guest's event thread, so
 * {@link #run()} only reads a copy-on-write array and unparks; it does not allocate or lock.
 */
final class ReadinessFanout implements Runnable {

    private static final NsaasSelector[] NONE = new NsaasSelector[0];

    private volatile NsaasSelector[] selectors = NONE;

    synchronized void add(NsaasSelector selector) {
        NsaasSelector[] current = selectors;
        for (NsaasSelector s : current) {
            if (s == selector) {
                return;
            }
        }
        NsaasSelector[] next = new NsaasSelector[current.length + 1];
        System.arraycopy(current, 0, next, 0, current.length);
        next[current.length] = selector;
        selectors = next;
    }

    synchronized void remove(NsaasSelector selector) {
        NsaasSelector[] current = selectors;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == selector) {
                NsaasSelector[] next = new NsaasSelector[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                selectors = next;
                return;
            }
        }
    }

    @Override
    public void run() {
        for (NsaasSelector selector : selectors) {
            selector.signal();
        }
    }
}
