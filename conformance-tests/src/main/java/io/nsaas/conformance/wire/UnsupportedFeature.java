package io.nsaas.conformance.wire;

import java.util.Map;

/**
 * Names the packetdrill features a script may use that are outside the supported subset, so such a script
 * fails with one line saying what it needs ({@code FILE:LINE: unsupported: ...}) rather than a parse error
 * about its syntax. Each lookup returns the feature's description, or null when the name is not a known
 * packetdrill or Linux name (a typo, reported as unknown by the caller).
 */
final class UnsupportedFeature {
    /** The message prefix every rejection of a known but unsupported feature starts with. */
    static final String PREFIX = "unsupported: ";

    private static final String TFO = "TCP Fast Open";
    private static final String ZEROCOPY = "zero-copy send/receive";
    private static final String IPV6 = "IPv6 (scripts run over IPv4)";
    private static final String UDP = "UDP (scripts drive one TCP connection)";

    private static final Map<String, String> SYSCALLS = Map.ofEntries(
        Map.entry("epoll_create", "epoll"), Map.entry("epoll_create1", "epoll"), Map.entry("epoll_ctl", "epoll"),
        Map.entry("epoll_wait", "epoll"), Map.entry("epoll_pwait", "epoll"),
        Map.entry("sendmsg", "struct msghdr and control messages"), Map.entry("recvmsg", "struct msghdr and control messages"),
        Map.entry("writev", "iovec arrays"), Map.entry("readv", "iovec arrays"),
        Map.entry("ioctl", "SIOCINQ, SIOCOUTQ and other ioctls"), Map.entry("sendfile", "sendfile"), Map.entry("splice", "splice"),
        Map.entry("open", "files"), Map.entry("pipe", "pipes"), Map.entry("socketpair", "socketpair"),
        Map.entry("getsockname", "getsockname/getpeername"), Map.entry("getpeername", "getsockname/getpeername"),
        Map.entry("select", "select"), Map.entry("init_so", "the shared-object stack interface"));

    private static final Map<String, String> CONSTANTS = Map.ofEntries(
        Map.entry("TCP_FASTOPEN", TFO), Map.entry("TCP_FASTOPEN_CONNECT", TFO), Map.entry("TCP_FASTOPEN_KEY", TFO),
        Map.entry("TCP_FASTOPEN_NO_COOKIE", TFO), Map.entry("MSG_FASTOPEN", TFO),
        Map.entry("SO_ZEROCOPY", ZEROCOPY), Map.entry("MSG_ZEROCOPY", ZEROCOPY), Map.entry("TCP_ZEROCOPY_RECEIVE", ZEROCOPY),
        Map.entry("MSG_ERRQUEUE", "the socket error queue"),
        Map.entry("TCP_CORK", "corking"), Map.entry("MSG_MORE", "corking"), Map.entry("MSG_EOR", "record boundaries"),
        Map.entry("TCP_NOTSENT_LOWAT", "TCP_NOTSENT_LOWAT"), Map.entry("TCP_INQ", "TCP_INQ"),
        Map.entry("TCP_INFO", "reading struct tcp_info with getsockopt (use %{ assert tcpi_* }%)"),
        Map.entry("TCP_CONGESTION", "choosing the congestion control (a plugin has one algorithm)"),
        Map.entry("TCP_MD5SIG", "TCP-MD5 signatures"), Map.entry("TCP_MD5SIG_EXT", "TCP-MD5 signatures"),
        Map.entry("TCP_KEEPIDLE", "keepalive tuning"), Map.entry("TCP_KEEPINTVL", "keepalive tuning"),
        Map.entry("TCP_KEEPCNT", "keepalive tuning"), Map.entry("TCP_SYNCNT", "TCP_SYNCNT"), Map.entry("TCP_LINGER2", "TCP_LINGER2"),
        Map.entry("TCP_DEFER_ACCEPT", "TCP_DEFER_ACCEPT"), Map.entry("TCP_WINDOW_CLAMP", "TCP_WINDOW_CLAMP"),
        Map.entry("TCP_QUICKACK", "TCP_QUICKACK"), Map.entry("TCP_THIN_LINEAR_TIMEOUTS", "thin-stream timeouts"),
        Map.entry("TCP_SAVE_SYN", "saved SYNs"), Map.entry("TCP_SAVED_SYN", "saved SYNs"), Map.entry("TCP_TX_DELAY", "TCP_TX_DELAY"),
        Map.entry("TCP_REPAIR", "TCP repair mode"), Map.entry("TCP_TIMESTAMP", "TCP_TIMESTAMP"),
        Map.entry("SO_TIMESTAMPING", "socket timestamping"), Map.entry("SO_TIMESTAMP", "socket timestamping"),
        Map.entry("SO_MAX_PACING_RATE", "pacing"), Map.entry("SO_RCVLOWAT", "low-water marks"), Map.entry("SO_SNDLOWAT", "low-water marks"),
        Map.entry("SO_REUSEPORT", "SO_REUSEPORT"), Map.entry("SO_PRIORITY", "SO_PRIORITY"), Map.entry("SO_MARK", "SO_MARK"),
        Map.entry("SO_BINDTODEVICE", "SO_BINDTODEVICE"), Map.entry("SO_RCVTIMEO", "socket timeouts"),
        Map.entry("SO_SNDTIMEO", "socket timeouts"), Map.entry("SO_OOBINLINE", "urgent data"), Map.entry("MSG_OOB", "urgent data"),
        Map.entry("SO_INCOMING_CPU", "SO_INCOMING_CPU"), Map.entry("MSG_WAITALL", "MSG_WAITALL"), Map.entry("MSG_TRUNC", "MSG_TRUNC"),
        Map.entry("MSG_CONFIRM", "MSG_CONFIRM"),
        Map.entry("IP_TOS", "IP-level socket options"), Map.entry("IP_MTU_DISCOVER", "IP-level socket options"),
        Map.entry("IP_MTU", "IP-level socket options"), Map.entry("SOL_IP", "IP-level socket options"),
        Map.entry("IPPROTO_IP", "IP-level socket options"), Map.entry("IPV6_TCLASS", IPV6), Map.entry("SOL_IPV6", IPV6),
        Map.entry("IPPROTO_IPV6", IPV6), Map.entry("AF_INET6", IPV6), Map.entry("PF_INET6", IPV6),
        Map.entry("SOCK_DGRAM", UDP), Map.entry("IPPROTO_UDP", UDP), Map.entry("SOCK_RAW", "raw sockets"),
        Map.entry("SIOCINQ", "ioctl (SIOCINQ, SIOCOUTQ, ...)"), Map.entry("SIOCOUTQ", "ioctl (SIOCINQ, SIOCOUTQ, ...)"),
        Map.entry("SIOCOUTQNSD", "ioctl (SIOCINQ, SIOCOUTQ, ...)"), Map.entry("FIONREAD", "ioctl (SIOCINQ, SIOCOUTQ, ...)"),
        Map.entry("NULL", "NULL buffer pointers"));

    private static final Map<String, String> TCP_OPTIONS = Map.ofEntries(
        Map.entry("FO", TFO), Map.entry("FOEXP", TFO), Map.entry("md5", "the TCP-MD5 signature option"),
        Map.entry("ECN", "the AccECN option"), Map.entry("AccECN", "the AccECN option"),
        Map.entry("mp_capable", "MPTCP"), Map.entry("mp_join", "MPTCP"), Map.entry("dss", "MPTCP"), Map.entry("add_address", "MPTCP"),
        Map.entry("exp", "experimental options"), Map.entry("generic", "generic (raw) options"), Map.entry("tcpao", "TCP-AO"));

    private UnsupportedFeature() {
    }

    /** @return the message for a system call outside the subset, e.g. {@code system call recvmsg(): struct msghdr ...} */
    static String syscall(String name) {
        String feature = SYSCALLS.get(name);
        return "system call " + name + "()" + (feature == null ? "" : ": " + feature);
    }

    /** @return the message for a known constant outside the subset, e.g. {@code corking (TCP_CORK)}, or null for an unknown name */
    static String constantMessage(String name) {
        String feature = constant(name);
        if (feature == null) {
            return null;
        }
        return feature.contains(name) ? feature : feature + " (" + name + ")";
    }

    /** @return the feature of a Linux constant that scripts use and the interpreter does not, or null */
    static String constant(String name) {
        if (name.startsWith("EPOLL")) {
            return "epoll";
        }
        if (name.startsWith("TCP_CA_") || name.startsWith("TCPI_OPT_")) {
            return "tcp_info fields beyond the supported tcpi_* list";
        }
        return CONSTANTS.get(name);
    }

    /** @return the feature of a TCP option keyword outside {@code mss sackOK TS nop eol wscale sack}, or null */
    static String tcpOption(String keyword) {
        return TCP_OPTIONS.get(keyword);
    }

    /** @return whether {@code --name=value} restates the fixed setup (IPv4, the stack at 192.168.0.1:8080, the script at 192.0.2.1) */
    static boolean isOurSetting(String name, String value) {
        return switch (name) {
            case "ip_version" -> "ipv4".equals(value);
            case "local_ip" -> "192.168.0.1".equals(value);
            case "remote_ip" -> "192.0.2.1".equals(value) || "192.0.2.1/24".equals(value);
            case "bind_port", "connect_port" -> "8080".equals(value);
            default -> false;
        };
    }

    /**
     * @param name  a command-line option name without {@code --}
     * @param value its value, or null for a flag
     * @return why a script's {@code --name[=value]} line cannot run here; never null (the caller handled the
     *         supported options)
     */
    static String option(String name, String value) {
        return switch (name) {
            case "ip_version" -> IPV6;
            case "local_ip", "remote_ip", "gateway_ip", "netmask_ip", "bind_port", "connect_port" ->
                "--" + name + " (addresses and ports are fixed: the stack at 192.168.0.1:8080, the script at 192.0.2.1)";
            case "send_omit_free" -> ZEROCOPY;
            case "strict_segments" -> "--strict_segments";
            case "wire_client", "wire_server", "wire_server_ip", "wire_server_at", "wire_server_port", "wire_client_dev",
                 "wire_server_dev" -> "packetdrill's wire mode";
            case "so_filename", "so_flags" -> "the shared-object stack interface";
            case "code_command", "code_format", "code_sockopt" -> "Python %{ }% code beyond 'assert tcpi_x <op> n'";
            case "tcp_ts_ecr_scaled" -> "--tcp_ts_ecr_scaled";
            case "speed", "mtu" -> "--" + name + " (the simulated link is fixed)";
            default -> "option --" + name + (value == null ? "" : "=" + value);
        };
    }
}
