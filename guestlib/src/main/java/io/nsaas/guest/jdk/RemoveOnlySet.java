package io.nsaas.guest.jdk;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/** A view of a set that allows removal but not addition, as {@link java.nio.channels.Selector#selectedKeys()} must be. */
final class RemoveOnlySet<E> extends AbstractSet<E> {

    private final Set<E> delegate;

    RemoveOnlySet(Set<E> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Iterator<E> iterator() {
        return delegate.iterator();
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public boolean contains(Object o) {
        return delegate.contains(o);
    }

    @Override
    public boolean remove(Object o) {
        return delegate.remove(o);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public boolean add(E e) {
        throw new UnsupportedOperationException("a selector's selected-key set cannot be added to");
    }
}
