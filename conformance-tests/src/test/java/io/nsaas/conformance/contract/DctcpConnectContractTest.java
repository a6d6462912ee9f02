package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link ConnectContractTck} on the bundled dctcp stack, through the real NQE path. */
class DctcpConnectContractTest extends ConnectContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "dctcp-1.0.0.zip");
    }
}
