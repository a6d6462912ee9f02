package io.nsaas.guest.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

    @Test
    void exactFormIsParsed() {
        AgentArguments a = AgentArguments.parse("tenant=vm-a,token=s3cr=t,control=/tmp/nsaas/control.sock");
        assertEquals("vm-a", a.tenant());
        assertEquals("s3cr=t", a.token());
        assertEquals(Path.of("/tmp/nsaas/control.sock"), a.control());
        assertTrue(!a.toString().contains("s3cr"), "the token is not printed");
    }

    @Test
    void everyDeviationIsRefusedNamingTheExpectedForm() {
        String[] bad = {null, "", "tenant=a,token=b", "tenant=a,token=b,control=/x,extra=1",
            "token=b,tenant=a,control=/x", "tenant=,token=b,control=/x", "tenant=a,token=b,path=/x", "tenant=a,token=b,control="};
        for (String args : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse(args),
                    "accepted " + args);
            assertTrue(e.getMessage().endsWith("expected -javaagent:nsaas-guestlib.jar=tenant=ID,token=TOKEN,control=PATH"),
                    e.getMessage());
        }
    }
}
