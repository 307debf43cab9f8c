package dev.sstbeam.format.sort;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import java.io.IOException;
import java.nio.file.Path;

/** The system-error form of FORMAT.md §9 for the sorter's scratch files. */
final class SortErrors {
  private SortErrors() {}

  static SstException system(IOException e, Path path) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "Other")
        .field("message", String.valueOf(e.getMessage()))
        .file(path)
        .cause(e)
        .build();
  }
}
