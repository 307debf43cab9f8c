package dev.sstbeam.format;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * I/O failures as the {@code system-error} of FORMAT.md §9, with a Rust-like {@code kind}
 * ({@code NotFound}, {@code AlreadyExists}, {@code PermissionDenied}, {@code UnexpectedEof},
 * {@code Other}), the file, and the position when there is one — the one place every layer turns
 * an {@link IOException} into an {@link SstException}.
 */
public final class SystemErrors {
  private SystemErrors() {}

  /** {@code e} as a system-error in {@code file}; an SstException keeps its code. */
  public static SstException of(IOException e, Object file) {
    return of(e, file, -1);
  }

  /** {@code e} as a system-error in {@code file} at {@code position} (-1: none). */
  public static SstException of(IOException e, Object file, long position) {
    if (e instanceof SstException) {
      return ((SstException) e).inFile(file == null ? null : file.toString());
    }
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", kind(e))
        .field("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        .file(file)
        .at(position)
        .cause(e)
        .build();
  }

  /** A short read inside a header, payload or block: Rust's read_exact UnexpectedEof. */
  public static SstException unexpectedEof(Object file, long position) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "UnexpectedEof")
        .field("message", "failed to fill whole buffer")
        .file(file)
        .at(position)
        .build();
  }

  /** An output that must not be overwritten already exists (Rust's create-new). */
  public static SstException alreadyExists(Object file) {
    return SstException.of(ErrorCode.SYSTEM_ERROR)
        .field("kind", "AlreadyExists")
        .field("message", "File exists")
        .file(file)
        .build();
  }

  private static String kind(IOException e) {
    if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
      return "NotFound";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "AlreadyExists";
    }
    if (e instanceof AccessDeniedException) {
      return "PermissionDenied";
    }
    if (e instanceof EOFException) {
      return "UnexpectedEof";
    }
    return "Other";
  }
}
