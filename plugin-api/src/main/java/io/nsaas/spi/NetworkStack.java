package io.nsaas.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * The extension point every stack plugin implements (annotate the implementation with pf4j's
 * {@code @Extension}). One instance serves every tenant that picked this stack: it describes the
 * stack and makes one {@link StackInstance} per tenant.
 *
 * <p>Threading: {@link #descriptor()} may be called from any thread and must be cheap.
 * {@link #create} is called on the thread of the NSM that will own the instance.
 */
public interface NetworkStack extends ExtensionPoint {

    /** @return the immutable description of this stack; the same object on every call */
    StackDescriptor descriptor();

    /**
     * Makes the stack for one tenant.
     *
     * @param host    the tenant's view of the host: clock, timers, randomness, transmit, logging
     * @param events  where the instance reports socket events; owned by the host
     * @param options the tenant's stack options from config (string keys and values, never null)
     * @return a new instance owned by the calling NSM
     * @throws IllegalArgumentException when an option is unknown or malformed; the message names the
     *                                  option and what is expected, and the host shows it to the user
     */
    StackInstance create(StackHost host, StackEvents events, Map<String, String> options);
}
