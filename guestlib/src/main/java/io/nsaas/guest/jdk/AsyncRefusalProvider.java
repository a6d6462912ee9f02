package io.nsaas.guest.jdk;

import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The {@link AsynchronousChannelProvider} the agent installs (system property
 * {@code java.nio.channels.spi.AsynchronousChannelProvider}): {@link AsynchronousSocketChannel},
 * {@link AsynchronousServerSocketChannel} and channel groups are not supported by nsaas, so every
 * open fails at once with {@link UnsupportedOperationException} instead of silently using the host
 * kernel. The JDK instantiates it by class name (public no-argument constructor).
 */
public final class AsyncRefusalProvider extends AsynchronousChannelProvider {

    static final String MESSAGE = "nsaas: AsynchronousSocketChannel / AsynchronousServerSocketChannel are not"
            + " supported; use SocketChannel with a Selector, or java.net.Socket (a documented limit of nsaas-guestlib)";

    /** Called by the JDK. */
    public AsyncRefusalProvider() {
        super();
    }

    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(int nThreads, ThreadFactory threadFactory) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(ExecutorService executor, int initialSize) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public AsynchronousServerSocketChannel openAsynchronousServerSocketChannel(AsynchronousChannelGroup group) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public AsynchronousSocketChannel openAsynchronousSocketChannel(AsynchronousChannelGroup group) {
        throw new UnsupportedOperationException(MESSAGE);
    }
}
