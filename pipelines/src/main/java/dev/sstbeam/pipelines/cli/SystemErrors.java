package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Plain I/O failures of the commands (opening a plaintext file, creating an output) as the
 * {@code system-error} of FORMAT.md §9, with a Rust-like {@code kind}, so every error the tool
 * prints has the same shape.
 */
final class SystemErrors {
  private SystemErrors() {}

  static SstException of(IOException e, Object file) {
    if (e instanceof SstException) {
      return (SstException) e;
    }
    String kind = "Other";
    if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
      kind = "NotFound";
    } else if (e instanceof FileAlreadyExistsException) {
      kind = "AlreadyExists";
    } else if (e instanceof AccessDeniedException) {
      kind = "PermissionDenied";
    } else if (e instanceof EOFException) {
      kind = "UnexpectedEof";
    }
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", kind)
        .field("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        .file(file)
        .cause(e)
        .build();
  }

  /** The error for an output that must not be overwritten (Rust's create-new). */
  static SstException alreadyExists(Object file) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "AlreadyExists")
        .field("message", "File exists")
        .file(file)
        .build();
  }
}
