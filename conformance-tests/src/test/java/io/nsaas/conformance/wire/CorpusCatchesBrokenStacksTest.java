package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BiPredicate;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The corpus is only worth something if it fails broken stacks, each in the scripts about the breakage. */
class CorpusCatchesBrokenStacksTest extends NewRenoPluginFixture {
    @Test
    void aStackThatIgnoresRstFailsTheRstScripts() {
        NetworkStack broken = breaking((method, args) -> method.equals("onPacket") && isRst((DirectBuffer) args[0], (int) args[1]));
        for (String script : new String[] {"connect-refused.pkt", "rst-established.pkt"}) {
            assertFalse(run(script, broken).passed(), script + " passes a stack that ignores RST");
        }
        assertTrue(run("close-active.pkt", broken).passed(), "close-active has no RST and must still pass");
    }

    @Test
    void aStackWithoutTimersFailsTheRetransmissionScripts() {
        NetworkStack broken = breaking((method, args) -> method.equals("onTimer"));
        for (String script : new String[] {"rto-backoff.pkt", "syn-backoff.pkt", "zero-window.pkt"}) {
            ScriptResult result = run(script, broken);
            assertFalse(result.passed(), script + " passes a stack whose timers never fire");
            assertTrue(result.failure().contains("got no packet"), result.failure());
        }
    }

    @Test
    void aStackThatSendsBadTcpChecksumsFailsAtItsFirstPacketNamingTheChecksum() {
        NetworkStack broken = transmittingThrough((packet, offset, length) -> {
            UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
            copy.putBytes(0, packet, offset, length);
            int checksum = (copy.getByte(0) & 0xF) * 4 + 16;
            copy.putByte(checksum, (byte) (copy.getByte(checksum) ^ 0x01));
            return copy;
        });
        ScriptResult result = run("handshake-passive.pkt", broken);
        assertFalse(result.passed(), "handshake-passive passes a stack whose TCP checksums are wrong");
        assertTrue(result.failure().matches("handshake-passive\\.pkt:\\d+: expected > S\\. 0:0\\(0\\) ack 1 .*; got > S\\. 0:0\\(0\\) "
            + "ack 1 .* at 0\\.\\d+: bad TCP checksum 0x[0-9a-f]{4} \\(expected 0x[0-9a-f]{4}\\)"), result.failure());
    }

    private ScriptResult run(String name, NetworkStack stack) {
        try (PluginWireTarget target = new PluginWireTarget(stack, "broken newreno", PluginScriptRunner.SEED)) {
            return ScriptExecutor.run(ScriptParser.parse(name, WireScriptTck.script(name)), target);
        }
    }

    private static boolean isRst(DirectBuffer packet, int offset) {
        int ihl = (packet.getByte(offset) & 0xF) * 4;
        return (packet.getByte(offset + ihl + 13) & 0x04) != 0;
    }

    /** The plugin's stack with every packet it sends replaced by what {@code rewrite} makes of it. */
    private NetworkStack transmittingThrough(PacketRewrite rewrite) {
        NetworkStack real = plugin.stack().stack();
        return (NetworkStack) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetworkStack.class}, (p, m, a) -> {
            if (m.getName().equals("create")) {
                StackHost host = (StackHost) a[0];
                a[0] = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StackHost.class}, (q, hm, ha) -> {
                    if (!hm.getName().equals("transmit")) {
                        return invoke(host, hm, ha);
                    }
                    DirectBuffer rewritten = rewrite.apply((DirectBuffer) ha[0], (int) ha[1], (int) ha[2]);
                    return host.transmit(rewritten, 0, (int) ha[2]);
                });
            }
            return invoke(real, m, a);
        });
    }

    private interface PacketRewrite {
        DirectBuffer apply(DirectBuffer packet, int offset, int length);
    }

    /** The plugin's stack with every StackInstance call for which {@code swallow} holds dropped. */
    private NetworkStack breaking(BiPredicate<String, Object[]> swallow) {
        NetworkStack real = plugin.stack().stack();
        return (NetworkStack) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetworkStack.class}, (p, m, a) -> {
            Object result = invoke(real, m, a);
            if (!m.getName().equals("create")) {
                return result;
            }
            StackInstance inner = (StackInstance) result;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StackInstance.class}, (q, im, ia) ->
                swallow.test(im.getName(), ia) ? null : invoke(inner, im, ia));
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
