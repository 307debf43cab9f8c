package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Finds where to cut a log whose writer died mid-record.
 *
 * <p>{@link #truncateFinalPartialFrame} is the Rust function of FORMAT.md §4.7, error for error.
 * {@link #findTruncationPoint} goes further: it also accepts a log cut anywhere inside a frame
 * (header, payload, padding, or between a FIRST and its SECOND), and reports the offset just after
 * the last complete record. Corruption before the torn tail (a bad CRC, a bad header) is still an
 * error: only the end of the file may be missing.
 */
public final class LogRepair {
  private LogRepair() {}

  /**
   * Rust's {@code truncate_final_partial_frame}: empty when the log ends cleanly (or after a
   * WHOLE/SECOND frame); otherwise the offset just past the last complete WHOLE or SECOND frame
   * (0 if none), when the file ends after a FIRST frame. Any read error is thrown.
   */
  public static OptionalLong truncateFinalPartialFrame(Path path) throws SstException {
    try (LogReader reader = LogReader.open(path)) {
      long offset = 0;
      boolean lastWasValid = true;
      while (reader.readFrame(false)) {
        reader.discardRecord();
        long d = reader.lastDiscriminant();
        if (d == LogWriter.WHOLE || d == LogWriter.SECOND) {
          offset = reader.position();
          lastWasValid = true;
        } else {
          lastWasValid = false;
        }
      }
      return lastWasValid ? OptionalLong.empty() : OptionalLong.of(offset);
    }
  }

  /**
   * The length a log should be cut to so that it ends after its last complete record, or empty if
   * it needs no cut. A tail that is a torn record — the file ends inside a header, a payload, or
   * the padding or SECOND frame after a FIRST — is cut; any other corruption is thrown, so nothing
   * readable is ever cut away.
   */
  public static OptionalLong findTruncationPoint(Path path) throws SstException {
    try (LogReader reader = LogReader.open(path)) {
      long goodEnd = 0;
      while (true) {
        try {
          if (reader.next() == null) {
            return OptionalLong.empty();
          }
          // Consume the rest of this record's items before remembering its end.
          goodEnd = reader.recordEnd();
        } catch (SstException e) {
          if (isTornTail(e, reader.fileSize() - goodEnd)) {
            return OptionalLong.of(goodEnd);
          }
          throw e;
        }
      }
    }
  }

  /**
   * An error caused only by the file ending early, within the span one record can occupy after
   * the last good one (padding, two headers, padding, up to 1 MiB of payload): a header whose size
   * was corrupted earlier in the file is not mistaken for a torn tail.
   */
  private static boolean isTornTail(SstException e, long bytesAfterGoodEnd) {
    boolean endedEarly =
        e.code() == ErrorCode.CORRUPTION_TRUNCATION_NO_SECOND_HEADER
            || (e.code() == ErrorCode.SYSTEM_ERROR
                && "UnexpectedEof".equals(e.fields().get("kind")));
    return endedEarly && bytesAfterGoodEnd <= MAX_RECORD_SPAN;
  }

  /** Padding (19) + FIRST header (12) + padding (9) + SECOND header (12) + 1 MiB payload. */
  private static final long MAX_RECORD_SPAN = LogRanges.BLOCK_SIZE + 19 + 12 + 9 + 12;

  /** Cuts {@code path} to {@code length} bytes and syncs it. */
  public static void truncate(Path path, long length) throws SstException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.truncate(length);
      ch.force(true);
    } catch (IOException e) {
      throw SystemErrors.of(e, path, length);
    }
  }
}
