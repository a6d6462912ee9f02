package io.nsaas.host.demo;

/** The demo cannot run or did not succeed; the message is a complete sentence for the user. */
public final class DemoException extends Exception {
    private static final long serialVersionUID = 1L;

    public DemoException(String message) {
        super(message);
    }
}
