package io.nsaas.host.fabric.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Errno;
import org.junit.jupiter.api.Test;

/** The errno-to-message mapping, checked without root or a TUN device. */
class TunExceptionTest {

    @Test
    void missingCloneDeviceTellsToLoadTheModule() {
        assertEquals("/dev/net/tun is missing: load the tun module (modprobe tun)",
            TunException.openFailed("/dev/net/tun", "nsaas0", Errno.ENOENT).getMessage());
    }

    @Test
    void driverlessCloneDeviceTellsToLoadTheModule() {
        assertEquals("/dev/net/tun has no driver behind it: load the tun module (modprobe tun)",
            TunException.openFailed("/dev/net/tun", "nsaas0", Errno.ENODEV).getMessage());
    }

    @Test
    void permissionDeniedOnCloneDeviceTellsHowToCreateAnOwnedDevice() {
        String expected = "permission denied opening /dev/net/tun: run as root or create the device with"
            + " `ip tuntap add dev nsaas0 mode tun user <you>` (and give yourself read-write access to /dev/net/tun)";
        assertEquals(expected, TunException.openFailed("/dev/net/tun", "nsaas0", Errno.EACCES).getMessage());
        assertEquals(expected, TunException.openFailed("/dev/net/tun", "nsaas0", Errno.EPERM).getMessage());
    }

    @Test
    void permissionDeniedAttachingToAnotherUsersDeviceNamesTheFix() {
        assertEquals("permission denied attaching to TUN device tun7: it belongs to another user; run as root or"
                + " recreate it with `ip tuntap add dev tun7 mode tun user <you>`",
            TunException.attachFailed("/dev/net/tun", "tun7", Errno.EPERM, true).getMessage());
    }

    @Test
    void permissionDeniedCreatingADeviceNamesTheFix() {
        assertEquals("permission denied creating TUN device tun7: run as root (CAP_NET_ADMIN) or create it first with"
                + " `ip tuntap add dev tun7 mode tun user <you>`",
            TunException.attachFailed("/dev/net/tun", "tun7", Errno.EPERM, false).getMessage());
    }

    @Test
    void existingNonTunInterfaceIsNamed() {
        assertTrue(TunException.attachFailed("/dev/net/tun", "eth0", Errno.EINVAL, true).getMessage()
            .startsWith("device eth0 exists and is not a TUN device"));
    }

    @Test
    void busyDeviceIsReported() {
        assertEquals("TUN device tun7 is busy: another process has it open; stop that process or use another device",
            TunException.attachFailed("/dev/net/tun", "tun7", Errno.EBUSY, true).getMessage());
    }

    @Test
    void unknownErrnoIsNamedWithItsNumber() {
        assertEquals("cannot attach to TUN device tun7 through /dev/net/tun: ENOMEM (errno 12)",
            TunException.attachFailed("/dev/net/tun", "tun7", Errno.ENOMEM, false).getMessage());
    }

    @Test
    void nameOfSixteenBytesIsRejectedWithItsLength() {
        assertEquals("TUN device name 'abcdefghijklmnop' is 16 bytes long; Linux interface names are at most 15 bytes:"
            + " pick a shorter name", TunException.invalidName("abcdefghijklmnop").getMessage());
    }

    @Test
    void nameLengthIsCountedInUtf8Bytes() {
        // 8 characters, 16 bytes
        assertTrue(TunException.invalidName("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9").getMessage()
            .contains("is 16 bytes long"));
    }

    @Test
    void namesWithSlashColonOrSpaceAreRejected() {
        assertTrue(TunException.invalidName("a/b").getMessage().contains("contains '/'"));
        assertTrue(TunException.invalidName("eth0:1").getMessage().contains("contains ':'"));
        assertTrue(TunException.invalidName("a b").getMessage().contains("contains '\\u0020'"));
        assertTrue(TunException.invalidName("..").getMessage().contains("not a valid interface name"));
        assertTrue(TunException.invalidName("").getMessage().startsWith("no TUN device name given"));
    }

    @Test
    void fifteenByteNameAndKernelNumberedNameAreAccepted() {
        assertNull(TunException.invalidName("abcdefghijklmno"));
        assertNull(TunException.invalidName("nsaas%d"));
    }
}
