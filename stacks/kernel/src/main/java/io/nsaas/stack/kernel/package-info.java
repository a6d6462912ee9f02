/** The kernel reference stack. */
package io.nsaas.stack.kernel;
