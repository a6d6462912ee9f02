package io.nsaas.conformance.algo;

import java.nio.file.Path;

class NewRenoFaultRunTest extends FaultRunTck {
    @Override
    protected Path pluginZip() {
        return BundledStack.zip("newreno");
    }
}
