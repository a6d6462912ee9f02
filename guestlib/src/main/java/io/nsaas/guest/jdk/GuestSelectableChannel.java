package io.nsaas.guest.jdk;

/** What {@link NsaasSelector} needs from a channel it can register: nsaas channels implement it. */
interface GuestSelectableChannel {

    /** @return the socket's readiness restricted to what the channel's state makes meaningful, as {@code OP_*} bits */
    int channelReadyOps();

    /** @return the fan-out that signals the selectors this channel is registered with */
    ReadinessFanout fanout();
}
