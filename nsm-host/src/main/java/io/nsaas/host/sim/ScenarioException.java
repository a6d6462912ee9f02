package io.nsaas.host.sim;

public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public int exitCode() {
        return 2;
    }
}
