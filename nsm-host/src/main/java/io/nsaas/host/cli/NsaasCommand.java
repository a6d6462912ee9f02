package io.nsaas.host.cli;

/** Placeholder entry point replaced by the CLI work. */
public final class NsaasCommand {
    public static void main(String[] args) {
    }
}
