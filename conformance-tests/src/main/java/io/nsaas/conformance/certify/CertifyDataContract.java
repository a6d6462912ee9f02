package io.nsaas.conformance.certify;

import io.nsaas.conformance.contract.DataContractTck;
import java.nio.file.Path;

/** The runner's run of {@link DataContractTck} on the plugin being certified. */
public class CertifyDataContract extends DataContractTck {
    @Override
    protected Path pluginZip() {
        return CertifiedPlugin.zip();
    }
}
