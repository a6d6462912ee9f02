package io.nsaas.conformance.certify;
public final class CertifiedPlugin { private CertifiedPlugin() {}
  public static java.nio.file.Path zip() { String p = System.getProperty("nsaas.conformance.plugin");
    if (p == null || p.isBlank()) throw new IllegalStateException("system property nsaas.conformance.plugin (the plugin zip to certify) is not set");
    return java.nio.file.Path.of(p); } }
