package io.nsaas.conformance.algo;

import java.nio.file.Path;

class KernelFaultRunTest extends FaultRunTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("kernel");
    }
}
