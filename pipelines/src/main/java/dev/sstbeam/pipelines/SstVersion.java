package dev.sstbeam.pipelines;

import dev.sstbeam.format.setsum.SetsumHashing;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code sst --version}: this build's version (from the jar manifest), the formats it speaks, and
 * the setsum hashing path of this JVM (vector or scalar, and why; waits for its self-check).
 */
final class SstVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SstVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "sst-beam " + (v == null ? "(development build)" : v),
      "formats: sst 0.24.0 logs, setsum 0.9.0",
      "setsum hashing: " + SetsumHashing.description()
    };
  }
}
