package io.nsaas.conformance.algo;

import java.nio.file.Path;

class DctcpAlgorithmTest extends AlgorithmTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("dctcp");
    }
}
