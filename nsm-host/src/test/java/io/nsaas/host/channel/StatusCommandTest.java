package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.host.cli.NsaasCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsaas status} against a running in-process host. */
@Timeout(60)
class StatusCommandTest {
    @TempDir
    Path dir;

    private ChannelHostFixture host;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startHost() throws Exception {
        host = new ChannelHostFixture(dir, ChannelHostFixture.SMALL_REGIONS);
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        var commandLine = NsaasCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void showsEveryTenantWithItsAttachmentAndCounters() throws Exception {
        try (ChannelGuest a = ChannelGuest.attach(host.controlSocket, "vm-a", ChannelHostFixture.token("vm-a"));
             GuestSocket s1 = a.open(); GuestSocket s2 = a.open()) {
            assertEquals(0, run("status", "--control", host.controlSocket.toString()), err.toString());
            String[] lines = out.toString().split("\n");
            assertEquals(6, lines.length, out.toString());
            assertTrue(lines[0].startsWith("TENANT"), lines[0]);
            assertTrue(lines[1].matches("vm-a +newreno@1\\.0\\.0 +tenant-vm-a +RUNNING +10\\.0\\.0\\.1/24 +yes +2 .*"), lines[1]);
            assertTrue(lines[2].matches("vm-b +newreno@1\\.0\\.0 +tenant-vm-b +RUNNING +10\\.0\\.0\\.2/24 +no +0 .*"), lines[2]);
            assertTrue(lines[3].matches("vm-k +kernel@1\\.0\\.0 +tenant-vm-k +RUNNING +10\\.0\\.0\\.3/24 +no +0 .*"), lines[3]);
            assertTrue(lines[4].matches("vm-c +newreno@1\\.0\\.0 +pool +RUNNING +10\\.0\\.0\\.4/24 +no +0 .*"), lines[4]);

            assertEquals(0, run("status", "--config", dir.resolve("host.conf").toString(), "--json"), err.toString());
            String json = out.toString().trim();
            assertTrue(json.startsWith("{\"tenants\":[{\"tenant\":\"vm-a\",\"stack\":\"newreno@1.0.0\""), json);
            assertTrue(json.contains("\"attached\":true,\"sockets\":2,"), json);
            assertTrue(json.contains("{\"tenant\":\"vm-b\""), json);
            assertTrue(!json.contains("token"), "no secrets in status: " + json);
        }
    }

    @Test
    void saysSoWhenNoHostListens() {
        Path nowhere = dir.resolve("nowhere.sock");
        assertEquals(1, run("status", "--control", nowhere.toString()));
        assertTrue(err.toString().startsWith("no nsaas host listening at " + nowhere), err.toString());
    }

    @Test
    void refusesBothControlAndConfig() {
        assertEquals(NsaasCommand.EXIT_CONFIG, run("status", "--control", "/x", "--config", "/y"));
        assertTrue(err.toString().contains("either --control or --config"), err.toString());
    }
}
