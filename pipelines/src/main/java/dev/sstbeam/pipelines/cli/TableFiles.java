package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.Sst;
import java.nio.file.Path;

/** Opening the tables the sst-* tools read, so that every error names the file as the user gave it. */
final class TableFiles {
  /**
   * What the writing tools say when they wrote a table with no items: the 122 bytes Rust's builder
   * writes too, but which the Rust 0.24.0 reader rejects (FORMAT.md §5.10, §10 item 11).
   */
  static final String EMPTY_TABLE_NOTE =
      "note: no items, so the output is an empty table (122 bytes); these tools read it as empty,"
          + " the Rust sst 0.24.0 reader rejects it";

  private TableFiles() {}

  /** What a tool does with one open table. */
  @FunctionalInterface
  interface Work {
    void run(Sst sst) throws SstException, ToolFailure;
  }

  /** Opens {@code path}, runs {@code work} on it and closes it; errors carry {@code path}. */
  static void with(String path, Work work) throws SstException, ToolFailure {
    try (Sst sst = Sst.open(Path.of(path))) {
      work.run(sst);
    } catch (SstException e) {
      throw e.inFile(path);
    }
  }
}
