package io.nsaas.guest.jdk;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/**
 * A registration of an nsaas channel with an {@link NsaasSelector}. Interest and ready sets are
 * volatile ints: the interest set may change from any thread and is seen by the next selection.
 */
final class NsaasSelectionKey extends AbstractSelectionKey {

    private final SelectableChannel channel;
    private final NsaasSelector selector;
    private volatile int interestOps;
    private volatile int readyOps;

    NsaasSelectionKey(SelectableChannel channel, NsaasSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interestOps;
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("interest ops " + ops + " not valid for " + channel
                    + " (valid: " + channel.validOps() + ")");
        }
        interestOps = ops;
        return this;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return readyOps;
    }

    int currentInterest() {
        return interestOps;
    }

    int currentReady() {
        return readyOps;
    }

    void readyOps(int ops) {
        readyOps = ops;
    }

    GuestSelectableChannel guestChannel() {
        return (GuestSelectableChannel) channel;
    }

    private void ensureValid() {
        if (!isValid()) {
            throw new CancelledKeyException();
        }
    }
}
