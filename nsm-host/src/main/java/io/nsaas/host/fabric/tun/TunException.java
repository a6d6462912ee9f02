package io.nsaas.host.fabric.tun;

import io.nsaas.spi.Errno;
import java.nio.charset.StandardCharsets;

/**
 * A TUN device could not be opened or configured. The message is one line for the user: what failed,
 * on which device, and how to fix it. The static factories map each {@code errno} the kernel returns
 * to that sentence; they are the only place these messages are written.
 */
public final class TunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not in {@link Errno}: "no such device or address", what opening a driverless char node gives. */
    static final int ENXIO = 6;
    /** Not in {@link Errno}: "inappropriate ioctl for device", TUNSETIFF on a file that is not the clone device. */
    static final int ENOTTY = 25;
    static final int ENFILE = 23;

    TunException(String message) {
        super(message);
    }

    TunException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return why {@code name} cannot be a Linux interface name, or null when it can */
    static TunException invalidName(String name) {
        if (name == null || name.isEmpty()) {
            return new TunException("no TUN device name given: name the device, for example nsaas0");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > IfreqDescriptor.MAX_NAME_BYTES) {
            return new TunException("TUN device name '" + name + "' is " + bytes + " bytes long; Linux interface"
                + " names are at most " + IfreqDescriptor.MAX_NAME_BYTES + " bytes: pick a shorter name");
        }
        if (name.equals(".") || name.equals("..")) {
            return new TunException("'" + name + "' is not a valid interface name: pick a name such as nsaas0");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '\0' || Character.isWhitespace(c)) {
                return new TunException("TUN device name '" + name + "' contains '" + printable(c)
                    + "'; interface names may not contain '/', ':', NUL or whitespace: pick another name");
            }
        }
        return null;
    }

    /** @return the error for {@code open(path)} of the clone device failing with {@code errno} */
    static TunException openFailed(String path, String name, int errno) {
        switch (errno) {
            case Errno.ENOENT:
                return new TunException(path + " is missing: load the tun module (modprobe tun)");
            case Errno.ENODEV:
            case ENXIO:
                return new TunException(path + " has no driver behind it: load the tun module (modprobe tun)");
            case Errno.EACCES:
            case Errno.EPERM:
                return new TunException("permission denied opening " + path + ": run as root or create the device"
                    + " with `ip tuntap add dev " + name + " mode tun user <you>` (and give yourself read-write"
                    + " access to " + path + ")");
            case Errno.EMFILE:
            case ENFILE:
                return new TunException("cannot open " + path + " for TUN device " + name + ": too many open files ("
                    + Errno.name(errno) + "); raise the limit (ulimit -n) or close descriptors");
            default:
                return new TunException("cannot open " + path + " for TUN device " + name + ": " + describe(errno));
        }
    }

    /**
     * @param exists whether an interface called {@code name} existed when TUNSETIFF failed (the kernel
     *               answers EPERM and EINVAL both for attaching and for creating)
     * @return the error for {@code ioctl(TUNSETIFF)} failing with {@code errno}
     */
    static TunException attachFailed(String path, String name, int errno, boolean exists) {
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return exists
                    ? new TunException("permission denied attaching to TUN device " + name + ": it belongs to another"
                        + " user; run as root or recreate it with `ip tuntap add dev " + name + " mode tun user <you>`")
                    : new TunException("permission denied creating TUN device " + name + ": run as root (CAP_NET_ADMIN)"
                        + " or create it first with `ip tuntap add dev " + name + " mode tun user <you>`");
            case Errno.EINVAL:
                return exists
                    ? new TunException("device " + name + " exists and is not a TUN device (a TAP, multi-queue or"
                        + " other interface): pick another name or remove it with `ip link del " + name + "`")
                    : new TunException("the kernel refused to create TUN device " + name + " (EINVAL): check the"
                        + " name and that the tun module is current");
            case Errno.EBUSY:
                return new TunException("TUN device " + name + " is busy: another process has it open; stop that"
                    + " process or use another device");
            case ENOTTY:
                return new TunException(path + " is not the TUN clone device (TUNSETIFF is not supported on it):"
                    + " use /dev/net/tun");
            default:
                return new TunException("cannot attach to TUN device " + name + " through " + path + ": "
                    + describe(errno));
        }
    }

    private static String describe(int errno) {
        return Errno.name(errno) + " (errno " + errno + ")";
    }

    private static String printable(char c) {
        return Character.isWhitespace(c) || c == '\0' ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
