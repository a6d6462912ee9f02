package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link DataContractTck} on the bundled kernel stack, through the real NQE path. */
class KernelDataContractTest extends DataContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "kernel-1.0.0.zip");
    }
}
