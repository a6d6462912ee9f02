package io.nsaas.conformance.mutants.plugin;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.pf4j.Extension;

/**
 * A deliberately broken stack for the suite's self-test: the real newreno stack (loaded from the
 * mutant zip's {@code lib/}) with one {@link Mutation}, named in {@code mutant.properties} beside
 * this class. Its descriptor is newreno's with the mutant's id.
 */
@Extension
public final class MutantStack implements NetworkStack {
    /** The newreno stack class, loaded reflectively so the mutant has no compile dependency on the stack. */
    static final String DELEGATE = "io.nsaas.stack.newreno.NewRenoStack";

    private final Mutation mutation;
    private final NetworkStack delegate;
    private final StackDescriptor descriptor;

    public MutantStack() {
        this.mutation = readMutation();
        try {
            this.delegate = (NetworkStack) Class.forName(DELEGATE, true, MutantStack.class.getClassLoader())
                .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mutant " + mutation + " cannot instantiate " + DELEGATE + " from its lib/", e);
        }
        StackDescriptor real = delegate.descriptor();
        this.descriptor = new StackDescriptor(mutation.stackId(), real.version(), real.algorithm(), real.capabilities());
    }

    @Override
    public StackDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        StackInstance real = delegate.create(new MutantHost(host, mutation), MutantInstance.events(events, mutation), options);
        return new MutantInstance(real, mutation);
    }

    private static Mutation readMutation() {
        try (InputStream in = MutantStack.class.getResourceAsStream("mutant.properties")) {
            if (in == null) {
                throw new IllegalStateException("mutant.properties is missing beside " + MutantStack.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return Mutation.valueOf(properties.getProperty("mutation"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
