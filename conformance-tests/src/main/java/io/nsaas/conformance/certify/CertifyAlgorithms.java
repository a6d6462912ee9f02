package io.nsaas.conformance.certify;

import io.nsaas.conformance.algo.AlgorithmTck;
import java.nio.file.Path;

/** The congestion-control checks of the plugin the runner certifies. */
public class CertifyAlgorithms extends AlgorithmTck {
    @Override
    protected Path pluginZip() {
        return CertifiedPlugin.zip();
    }
}
