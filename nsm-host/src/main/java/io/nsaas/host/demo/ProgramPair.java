package io.nsaas.host.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A server program and a client program run against each other: the server is started and waited
 * for ({@code READY host:port}), the client runs to its end, then the server is told to stop (its
 * standard input closes) and reports. Both JVMs are stopped however it ends.
 *
 * @param java          the {@code java} executable both programs run on
 * @param artifacts     the agent and programs' jars
 * @param controlSocket the host's control socket
 * @param timeout       limit on each step: the server coming up, the client's whole run, the server's stop
 * @param echo          gets both programs' output lines, or null
 */
public record ProgramPair(Path java, DemoArtifacts artifacts, Path controlSocket, Duration timeout,
                          Consumer<String> echo) {

    /**
     * What the two programs reported.
     *
     * @param endpoint the {@code host:port} the server listened on
     * @param client   the client's {@code RESULT}s
     * @param server   the server's {@code RESULT}s
     */
    public record Outcome(String endpoint, Map<String, String> client, Map<String, String> server) {
    }

    /**
     * @param server the server program
     * @param client the client program, given the server's {@code host:port}
     * @throws DemoException when a program fails, exits non-zero or overruns the timeout; the message
     *                       names it and carries its output
     */
    public Outcome run(DemoProgram server, Function<String, DemoProgram> client)
        throws DemoException, IOException, InterruptedException {
        try (ChildJvm serverJvm = server.start(java, artifacts, controlSocket, echo)) {
            String endpoint = serverJvm.awaitLine(ChildJvm.READY, timeout).trim();
            Map<String, String> clientResults;
            try (ChildJvm clientJvm = client.apply(endpoint).start(java, artifacts, controlSocket, echo)) {
                int exit = clientJvm.awaitExit(timeout);
                if (exit != 0) {
                    throw clientJvm.failure("exited with code " + exit + " (server " + server.label() + " on "
                        + endpoint + ")");
                }
                clientResults = clientJvm.results();
            }
            serverJvm.closeInput();
            int exit = serverJvm.awaitExit(timeout);
            if (exit != 0) {
                throw serverJvm.failure("exited with code " + exit + " when told to stop");
            }
            return new Outcome(endpoint, clientResults, serverJvm.results());
        }
    }
}
