package io.nsaas.host.sim;

public interface TimeseriesSink {
  void begin(java.util.List<String> algorithmColumns);  // once, before any row: names of extra columns (e.g. "alpha"), fixed order
  void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
           long deliveredBytes, int queuePackets, double[] algorithmValues /* same order; NaN = absent */);
  void end();
}
