package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.Objects;

/** A table of an input table set: where it is (a Beam resource) and its manifest entry. */
final class InputTable implements Serializable {
  private static final long serialVersionUID = 1L;

  final String file;
  final SstManifest.Table entry;

  InputTable(String file, SstManifest.Table entry) {
    this.file = file;
    this.entry = entry;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputTable other && file.equals(other.file) && entry.equals(other.entry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, entry);
  }
}
