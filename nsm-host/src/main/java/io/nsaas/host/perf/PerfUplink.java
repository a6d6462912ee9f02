package io.nsaas.host.perf;

import io.nsaas.host.fabric.SwitchPort;
import org.agrona.concurrent.Agent;

/**
 * What a perf host attaches as its in-host switch's uplink (the default route for addresses no
 * tenant owns): a TUN device to reach Linux ({@link TunUplink}), or in tests a wire to another host.
 *
 * <p>Threading: {@link #bridge} is called once by the controlling thread; the agent it returns runs
 * on its own thread and is the only one to use the port. {@link #close} runs after that agent stopped.
 */
public interface PerfUplink extends AutoCloseable {

    /** @return a name for the uplink port and log lines, such as {@code tun:nsaas0} */
    String name();

    /**
     * @return the agent that moves packets between the uplink port and the outside
     * @throws PerfException when it cannot move them as configured (the caller closes the uplink)
     */
    Agent bridge(SwitchPort uplink);

    /** Releases what the uplink holds (the device). Idempotent. */
    @Override
    void close();
}
