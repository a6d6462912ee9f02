package io.nsaas.conformance.algo;

import java.nio.file.Path;

class CubicFaultRunTest extends FaultRunTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("cubic");
    }
}
