package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** The system-error forms of FORMAT.md §9 for the log classes. */
final class LogErrors {
  private LogErrors() {}

  /** An I/O failure as system-error with a Rust-like {@code kind}. */
  static SstException system(IOException e, Object file, long position) {
    if (e instanceof SstException) {
      return ((SstException) e).inFile(file == null ? null : file.toString());
    }
    String kind = "Other";
    if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
      kind = "NotFound";
    } else if (e instanceof FileAlreadyExistsException) {
      kind = "AlreadyExists";
    } else if (e instanceof EOFException) {
      kind = "UnexpectedEof";
    }
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", kind)
        .field("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        .file(file)
        .at(position)
        .cause(e)
        .build();
  }

  /** A short read inside a header or payload: Rust's read_exact UnexpectedEof. */
  static SstException unexpectedEof(Object file, long position) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "UnexpectedEof")
        .field("message", "failed to fill whole buffer")
        .file(file)
        .at(position)
        .build();
  }
}
