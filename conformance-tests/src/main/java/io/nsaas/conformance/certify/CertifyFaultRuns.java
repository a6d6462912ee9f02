package io.nsaas.conformance.certify;

import io.nsaas.conformance.algo.FaultRunTck;
import java.nio.file.Path;

/** The fault runs on the plugin the runner certifies. */
public class CertifyFaultRuns extends FaultRunTck {
    @Override
    protected Path pluginZip() {
        return CertifiedPlugin.zip();
    }
}
