package dev.sstbeam.format;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error of the sst formats: a FORMAT.md §9 {@link ErrorCode}, the file it concerns (if known),
 * the byte offset the Rust crate reports (or -1), and the code's named fields in Rust's order.
 *
 * <p>The message reads {@code <code> (<field> <value>)... [at offset N] [in FILE]}, one line, so
 * command-line tools can print it as is.
 */
public final class SstException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String file;
  private final long offset;
  private final Map<String, String> fields;

  private SstException(
      ErrorCode code, String file, long offset, Map<String, String> fields, Throwable cause) {
    super(render(code, file, offset, fields), cause);
    this.code = code;
    this.file = file;
    this.offset = offset;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Starts building an exception with the given code. */
  public static Builder of(ErrorCode code) {
    return new Builder(code);
  }

  public ErrorCode code() {
    return code;
  }

  /** The file this error concerns, or null when not known (e.g. an in-memory batch). */
  public String file() {
    return file;
  }

  /** The byte offset in {@link #file()}, or -1 when the error has no position. */
  public long offset() {
    return offset;
  }

  /** The Rust error's named fields (e.g. {@code expected}, {@code computed}), in order. */
  public Map<String, String> fields() {
    return fields;
  }

  /** The same error, attributed to {@code newFile} (used when a lower layer did not know it). */
  public SstException inFile(String newFile) {
    if (newFile == null || newFile.equals(file)) {
      return this;
    }
    SstException copy = new SstException(code, newFile, offset, fields, getCause());
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  private static String render(ErrorCode code, String file, long offset, Map<String, String> f) {
    StringBuilder sb = new StringBuilder(code.code());
    for (Map.Entry<String, String> e : f.entrySet()) {
      sb.append(" (").append(e.getKey()).append(' ').append(e.getValue()).append(')');
    }
    if (offset >= 0 && !f.containsKey("offset")) {
      sb.append(" at offset ").append(offset);
    }
    if (file != null) {
      sb.append(" in ").append(file);
    }
    return sb.toString();
  }

  /** Builder for {@link SstException}. */
  public static final class Builder {
    private final ErrorCode code;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private String file;
    private long offset = -1;
    private Throwable cause;

    private Builder(ErrorCode code) {
      this.code = code;
    }

    public Builder file(Object file) {
      this.file = file == null ? null : file.toString();
      return this;
    }

    /** The position to report; also recorded as the {@code offset} field. */
    public Builder offset(long offset) {
      this.offset = offset;
      fields.put("offset", Long.toString(offset));
      return this;
    }

    /** A position to report without adding an {@code offset} field. */
    public Builder at(long position) {
      this.offset = position;
      return this;
    }

    public Builder field(String name, Object value) {
      fields.put(name, String.valueOf(value));
      return this;
    }

    public Builder unsignedField(String name, long value) {
      fields.put(name, Long.toUnsignedString(value));
      return this;
    }

    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    public SstException build() {
      return new SstException(code, file, offset, fields, cause);
    }
  }
}
