package io.nsaas.conformance.algo;

import java.nio.file.Path;

class KernelAlgorithmTest extends AlgorithmTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("kernel");
    }
}
