package dev.sstbeam.format.wire;

/**
 * A decoding error of the buffertk/prototk layer (FORMAT.md §1), e.g. {@code varint-overflow} or
 * {@code buffer-too-short}. Callers turn it into the {@code unpack-*} {@link
 * dev.sstbeam.format.ErrorCode} of the structure they were decoding; its message becomes that
 * error's {@code message} field.
 */
public final class WireException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(message, null, false, false);
  }

  static WireException varintOverflow(int bytes) {
    return new WireException("(error (phase buffertk) (code varint-overflow) (bytes " + bytes + "))");
  }

  static WireException bufferTooShort(long required, long had) {
    return new WireException(
        "(error (phase prototk) (code buffer-too-short) (required "
            + Long.toUnsignedString(required)
            + ") (had "
            + had
            + "))");
  }

  static WireException of(String code, String detail) {
    return new WireException("(error (phase prototk) (code " + code + ") " + detail + ")");
  }
}
