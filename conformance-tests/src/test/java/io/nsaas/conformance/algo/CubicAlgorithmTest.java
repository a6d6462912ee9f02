package io.nsaas.conformance.algo;

import java.nio.file.Path;

class CubicAlgorithmTest extends AlgorithmTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("cubic");
    }
}
