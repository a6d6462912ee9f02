/**
 * The {@code cubic} stack plugin: the nsaas TCP engine with CUBIC congestion control (RFC 9438,
 * {@link io.nsaas.stack.cubic.Cubic}) and HyStart++ (RFC 9406) for leaving the initial slow start,
 * registered with pf4j as {@link io.nsaas.stack.cubic.CubicStack}.
 */
package io.nsaas.stack.cubic;
