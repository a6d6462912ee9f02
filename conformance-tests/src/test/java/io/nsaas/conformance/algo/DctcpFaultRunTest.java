package io.nsaas.conformance.algo;

import java.nio.file.Path;

class DctcpFaultRunTest extends FaultRunTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("dctcp");
    }
}
