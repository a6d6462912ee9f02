package io.nsaas.guest.jdk;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Selector} over nsaas channels: level-triggered like the JDK's epoll selector, driven by
 * {@link io.nsaas.guest.api.GuestSocket} readiness instead of file descriptors.
 *
 * <p>A selection scans every registered key and selects those whose channel's readiness meets the
 * interest set. When none is ready it parks the selecting thread; readiness listeners (guest event
 * thread), {@link #wakeup()} and interrupts unpark it. A signal counter closes the race between the
 * scan and the park, so no readiness change is lost. Only nsaas channels can be registered; others
 * get {@link IllegalSelectorException} (a documented limit: do not mix default-provider channels, such
 * as UNIX-domain or Pipe channels, with nsaas channels in one selector).
 *
 * <p>Threading as {@link Selector} specifies: selection operations synchronize on the selector and
 * then on the selected-key set; registration and {@link #wakeup()} may come from any thread.
 */
final class NsaasSelector extends AbstractSelector {

    private static final NsaasSelectionKey[] NO_KEYS = new NsaasSelectionKey[0];

    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> selected = new HashSet<>();
    private final Set<SelectionKey> publicSelected = new RemoveOnlySet<>(selected);
    private final AtomicLong signals = new AtomicLong();
    private volatile NsaasSelectionKey[] keyArray = NO_KEYS;
    private volatile Thread selecting;
    private volatile boolean wakeupPending;
    private boolean anyReady;

    NsaasSelector(SelectorProvider provider) {
        super(provider);
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelected;
    }

    @Override
    public int selectNow() throws IOException {
        return lockAndSelect(-1);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("negative select timeout " + timeout);
        }
        return lockAndSelect(timeout == 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(timeout));
    }

    @Override
    public int select() throws IOException {
        return lockAndSelect(0);
    }

    @Override
    public Selector wakeup() {
        wakeupPending = true;
        signal();
        return this;
    }

    /** Called when a registered channel's readiness may have changed: wakes a blocked selection. */
    void signal() {
        signals.incrementAndGet();
        Thread t = selecting;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        if (!(ch instanceof GuestSelectableChannel)) {
            throw new IllegalSelectorException();
        }
        ensureOpen();
        NsaasSelectionKey key = new NsaasSelectionKey(ch, this);
        key.attach(att);
        synchronized (keys) {
            keys.add(key);
            keyArray = keys.toArray(NO_KEYS);
        }
        ((GuestSelectableChannel) ch).fanout().add(this);
        key.interestOps(ops);
        return key;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        wakeup();
        synchronized (this) {
            for (NsaasSelectionKey key : keyArray) {
                key.cancel();
            }
            synchronized (publicSelected) {
                processCancelledKeys();
            }
        }
    }

    private int lockAndSelect(long timeoutNanos) throws IOException {
        synchronized (this) {
            ensureOpen();
            synchronized (publicSelected) {
                return doSelect(timeoutNanos);
            }
        }
    }

    /** @param timeoutNanos -1: do not block; 0: block until selected, woken or interrupted; > 0: at most this long */
    private int doSelect(long timeoutNanos) {
        processCancelledKeys();
        boolean blocking = timeoutNanos >= 0;
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        int updated;
        selecting = Thread.currentThread();
        if (blocking) {
            begin();
        }
        try {
            for (;;) {
                long seen = signals.get();
                updated = scan();
                if (updated > 0 || anyReady || !blocking || wakeupPending || Thread.currentThread().isInterrupted()) {
                    break;
                }
                long remaining = 0;
                if (timeoutNanos > 0) {
                    remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                }
                if (signals.get() == seen) {
                    if (timeoutNanos > 0) {
                        LockSupport.parkNanos(this, remaining);
                    } else {
                        LockSupport.park(this);
                    }
                }
                processCancelledKeys();
            }
        } finally {
            if (blocking) {
                end();
            }
            selecting = null;
            wakeupPending = false;
        }
        processCancelledKeys();
        return updated;
    }

    /** Selects the ready keys; sets {@link #anyReady}; @return the number of keys whose ready sets were updated. */
    private int scan() {
        int updated = 0;
        boolean ready = false;
        for (NsaasSelectionKey key : keyArray) {
            if (!key.isValid()) {
                continue;
            }
            int ops = key.guestChannel().channelReadyOps() & key.currentInterest();
            if (ops == 0) {
                continue;
            }
            ready = true;
            if (selected.contains(key)) {
                int old = key.currentReady();
                if ((old | ops) != old) {
                    key.readyOps(old | ops);
                    updated++;
                }
            } else {
                key.readyOps(ops);
                selected.add(key);
                updated++;
            }
        }
        anyReady = ready;
        return updated;
    }

    private void processCancelledKeys() {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            for (SelectionKey key : cancelled) {
                deregister((NsaasSelectionKey) key);
                selected.remove(key);
                synchronized (keys) {
                    keys.remove(key);
                }
                ((GuestSelectableChannel) key.channel()).fanout().remove(this);
            }
            cancelled.clear();
            synchronized (keys) {
                keyArray = keys.toArray(NO_KEYS);
            }
        }
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }
}
