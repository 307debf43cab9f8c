package dev.sstbeam.pipelines;

import picocli.CommandLine.IVersionProvider;

/** {@code sst --version}: this build's version (from the jar manifest) and the formats it speaks. */
final class SstVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SstVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "sst-beam " + (v == null ? "(development build)" : v),
      "formats: sst 0.24.0 logs, setsum 0.9.0"
    };
  }
}
