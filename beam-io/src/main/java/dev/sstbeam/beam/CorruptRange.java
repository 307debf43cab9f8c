package dev.sstbeam.beam;

import com.google.auto.value.AutoValue;
import dev.sstbeam.format.SstException;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A byte range of a log that could not be read: from the end of the last good record to the end
 * of the range being read, with the FORMAT.md §9 error code and message of the failure.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CorruptRange implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getFile();

  /** First byte not read (just past the last record returned). */
  public abstract long getStartOffset();

  /** End of the range that was being read (exclusive). */
  public abstract long getEndOffset();

  /** The FORMAT.md §9 code, e.g. {@code corruption-crc-checksum-failed}. */
  public abstract String getErrorCode();

  public abstract String getMessage();

  static CorruptRange of(String file, long start, long end, SstException e) {
    return create(file, start, end, e.code().code(), e.getMessage());
  }

  public static CorruptRange create(String file, long start, long end, String code, String message) {
    return new AutoValue_CorruptRange.Builder()
        .setFile(file)
        .setStartOffset(start)
        .setEndOffset(end)
        .setErrorCode(code)
        .setMessage(message)
        .build();
  }

  /**
   * How {@link AutoValueSchema} creates decoded values: it matches builder setters by name (a
   * constructor would need parameter names, which are not compiled in).
   */
  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setFile(String file);

    abstract Builder setStartOffset(long start);

    abstract Builder setEndOffset(long end);

    abstract Builder setErrorCode(String code);

    abstract Builder setMessage(String message);

    abstract CorruptRange build();
  }
}
