package io.nsaas.host.plugin;

/**
 * Why one plugin source was refused: a one-line reason for {@link PluginReport#reason()}. A value,
 * not a bug report, so it carries no stack trace.
 */
final class PluginRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    PluginRejectedException(String reason) {
        super(reason, null, false, false);
    }

    /** @return the one-line reason */
    String reason() {
        return getMessage();
    }

    /**
     * Describes a failure in one line: the innermost cause's simple class name and message, with
     * line breaks folded, so that plugin exceptions fit in a report line.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String name = root.getClass().getSimpleName().isEmpty() ? root.getClass().getName()
            : root.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        return name + ": " + message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
