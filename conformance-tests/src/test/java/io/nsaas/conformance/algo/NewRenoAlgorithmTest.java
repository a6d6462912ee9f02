package io.nsaas.conformance.algo;

import java.nio.file.Path;

class NewRenoAlgorithmTest extends AlgorithmTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("newreno");
    }
}
