package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link ConnectContractTck} on the bundled kernel stack, through the real NQE path. */
class KernelConnectContractTest extends ConnectContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "kernel-1.0.0.zip");
    }
}
