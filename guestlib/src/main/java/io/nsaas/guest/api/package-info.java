/**
 * The guest-side socket API of nsaas: what the JDK integration ({@code io.nsaas.guest.jdk}) and
 * applications that want nsaas directly program against. {@link io.nsaas.guest.api.Guest} is one
 * tenant's attachment to an NSM host; {@link io.nsaas.guest.api.GuestSocket} is one TCP socket on the
 * tenant's stack. The implementation over the NQE channel lives in {@code io.nsaas.guest.channel}.
 */
package io.nsaas.guest.api;
