/**
 * The kernel reference stack: each tenant socket is a real non-blocking Linux TCP socket, called
 * through libc with jnr-ffi ({@link io.nsaas.stack.kernel.LibC}) and watched with one edge-triggered
 * epoll instance per tenant ({@link io.nsaas.stack.kernel.EpollReadiness}). The conformance suite
 * runs every test against this stack, so it passes the kernel's answers through unchanged.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.nsaas.stack.kernel.KernelStack}: the pf4j extension (descriptor, options, factory).</li>
 *   <li>{@link io.nsaas.stack.kernel.KernelStackInstance}: the SPI's socket calls on one tenant's table.</li>
 *   <li>{@link io.nsaas.stack.kernel.SocketTable}: tenant socket ids (small ints, never fds) to fds.</li>
 *   <li>{@link io.nsaas.stack.kernel.KernelSyscalls}: libc calls with preallocated native arguments,
 *       results as {@code >= 0} or {@code -errno}.</li>
 *   <li>{@code *Descriptor}: the native layouts ({@code sockaddr_in}, {@code epoll_event}, {@code linger},
 *       {@code tcp_info}).</li>
 * </ul>
 *
 * <h2>Events raised by {@code doWork()}</h2>
 * <ul>
 *   <li>{@code onConnected(s)}: a connect that returned {@code -EINPROGRESS} completed: epoll
 *       reported the socket writable and {@code SO_ERROR} is 0. A connect that returned 0 raises
 *       nothing.</li>
 *   <li>{@code onClosed(s, errno)} for a connect that failed ({@code SO_ERROR} non-zero, for example
 *       {@code ECONNREFUSED} or {@code ETIMEDOUT}); no {@code onConnected} then.</li>
 *   <li>{@code onAcceptable(s)}: new connections arrived on a listening socket (one edge per arrival
 *       burst; accept until {@code -EAGAIN}).</li>
 *   <li>{@code onReadable(s)}: new bytes, the peer's FIN (then {@code recv} returns 0), or an error
 *       arrived (one edge per arrival; receive until {@code -EAGAIN} or 0).</li>
 *   <li>{@code onWritable(s)}: only after a {@code send} returned {@code -EAGAIN}; then the socket
 *       is watched for send space until this event is raised once, and not watched again until
 *       the next {@code -EAGAIN}.</li>
 *   <li>{@code onClosed(s, errno)} on an open connection fires exactly once, when the kernel reports
 *       {@code EPOLLHUP}, i.e. when both directions are finished: the peer's FIN was received
 *       <em>and</em> this side shut down for writing (shutdown {@code SHUT_WR}/{@code SHUT_RDWR}),
 *       or the connection was reset or timed out. {@code errno} is {@code SO_ERROR}: 0 for an
 *       orderly close, else {@code ECONNRESET}, {@code ETIMEDOUT}, {@code EPIPE}, ... It is always
 *       preceded by {@code onReadable} in the same poll, so unread bytes and the end of stream can
 *       still be received. The peer's FIN alone (a half-close) raises only {@code onReadable};
 *       {@code recv} then returns 0 and the socket can still send. After {@code onClosed} the
 *       socket is no longer watched; its id stays valid until the tenant closes it.</li>
 * </ul>
 * The stack reads {@code SO_ERROR} to learn why a connection ended, which clears it in the kernel;
 * it keeps that error and returns it to the tenant once, where Linux would: from the next
 * {@code send}, from the next {@code recv} that finds no data, or from {@code getOption(SO_ERROR)}.
 *
 * <h2>Rules this code keeps</h2>
 * No threads, no blocking (every fd is {@code O_NONBLOCK}, {@code epoll_wait} has timeout 0), no
 * clock reads, no allocation on the socket and poll paths. {@code destroy()} closes every socket fd
 * and the epoll fd. Linux on x86-64 and arm64 only.
 */
package io.nsaas.stack.kernel;
