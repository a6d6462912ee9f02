package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import java.util.ArrayList;
import java.util.List;

/** A CoreEngine over an in-process region, a {@link TestGuest} and a {@link ScriptedStack}. */
final class EngineFixture {
    final TestGuest guest;
    final ScriptedStack stack = new ScriptedStack();
    final List<String> fatal = new ArrayList<>();
    final CoreEngine engine;

    EngineFixture() {
        this(TestGuest.smallLayout(), CoreSettings.defaults());
    }

    EngineFixture(RegionLayout layout, CoreSettings settings) {
        guest = new TestGuest(layout);
        engine = new CoreEngine("tenant-a", layout, guest.region, settings, fatal::add);
    }

    /**
     * Two NSM duty cycles (an agrona read stops where a ring wraps, so one record may need the
     * second), then the guest reads its rings. @return the engine's work count
     */
    int cycle() {
        int work = engine.doWork(stack, 64);
        work += engine.doWork(stack, 64);
        guest.poll();
        return work;
    }

    /** Submits, runs a cycle and returns the completion, which must have arrived. */
    TestGuest.Completion call(int opcode, int flags, int socket, long operand, int dataOffset, int dataLength) {
        long id = guest.submit(opcode, flags, socket, operand, dataOffset, dataLength);
        cycle();
        TestGuest.Completion c = guest.completion(id);
        assertNotNull(c, Opcode.name(opcode) + " got no completion");
        assertEquals(id, c.requestId());
        assertEquals(socket, c.socketId(), "socket id echoed");
        return c;
    }

    TestGuest.Completion call(int opcode, int socket, long operand) {
        return call(opcode, 0, socket, operand, 0, 0);
    }

    long result(int opcode, int socket, long operand) {
        return call(opcode, socket, operand).result();
    }

    /** Opens a socket. @return its tenant id */
    int socket() {
        long id = result(Opcode.SOCKET, -1, 0);
        if (id < 0) {
            throw new AssertionError("SOCKET failed: " + id);
        }
        return (int) id;
    }

    /** @return the stack id behind the newest stack socket */
    int lastStackSocket() {
        return stack.nextId - 1;
    }

    /** Opens a socket the stack considers connected. @return {tenant id, stack id} */
    int[] connected() {
        stack.connectResult = 0;
        int socket = socket();
        int stackSocket = lastStackSocket();
        assertEquals(0, result(Opcode.CONNECT, socket, 0x0A00_0002_1F90L));
        stack.connectResult = -io.nsaas.spi.Errno.EINPROGRESS;
        return new int[] {socket, stackSocket};
    }
}
