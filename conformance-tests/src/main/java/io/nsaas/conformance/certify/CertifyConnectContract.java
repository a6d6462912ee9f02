package io.nsaas.conformance.certify;

import io.nsaas.conformance.contract.ConnectContractTck;
import java.nio.file.Path;

/** The runner's run of {@link ConnectContractTck} on the plugin being certified. */
public class CertifyConnectContract extends ConnectContractTck {
    @Override
    protected Path pluginZip() {
        return CertifiedPlugin.zip();
    }
}
