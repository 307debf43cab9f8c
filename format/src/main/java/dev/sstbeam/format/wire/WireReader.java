package dev.sstbeam.format.wire;

/**
 * Reads the primitive encodings of FORMAT.md §1 from a byte array window {@code [pos, limit)}:
 * varints (buffertk's decoder, §1.1), little-endian fixed integers (§1.2) and prototk tags (§1.3).
 * Every read is bounds-checked against {@code limit}; nothing here trusts a length it has not
 * compared with the bytes that remain.
 */
public final class WireReader {
  public static final int WIRE_VARINT = 0;
  public static final int WIRE_SIXTY_FOUR = 1;
  public static final int WIRE_LENGTH_DELIMITED = 2;
  public static final int WIRE_THIRTY_TWO = 5;

  private final byte[] buf;
  private int pos;
  private final int limit;

  public WireReader(byte[] buf, int pos, int limit) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
  }

  public int position() {
    return pos;
  }

  public int limit() {
    return limit;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  public byte[] buffer() {
    return buf;
  }

  /**
   * buffertk's varint decoder: examines at most 10 bytes; fails with varint-overflow when none of
   * them (or of the available ones) ends the varint. Bits of the 10th byte above bit 0 are
   * discarded, exactly like Rust. Non-minimal encodings are accepted.
   */
  public long readVarint() throws WireException {
    int avail = limit - pos;
    int n = Math.min(avail, 10);
    long result = 0;
    int shift = 0;
    int idx = 0;
    while (idx + 1 < n && (buf[pos + idx] & 0x80) != 0) {
      result |= (long) (buf[pos + idx] & 0x7f) << shift;
      idx++;
      shift += 7;
    }
    if (avail > 0 && (buf[pos + idx] & 0x80) == 0) {
      result |= (long) (buf[pos + idx] & 0x7f) << shift;
      pos += idx + 1;
      return result;
    }
    throw WireException.varintOverflow(n);
  }

  /** A little-endian 32-bit integer. */
  public int readFixed32() throws WireException {
    require(4);
    int v = Bytes.getLE32(buf, pos);
    pos += 4;
    return v;
  }

  /** A little-endian 64-bit integer. */
  public long readFixed64() throws WireException {
    require(8);
    long v = Bytes.getLE64(buf, pos);
    pos += 8;
    return v;
  }

  /**
   * A length prefix followed by that many bytes; returns the offset of the bytes and leaves the
   * position after them. The length is checked against what remains before anything is taken.
   */
  public int readLengthDelimited() throws WireException {
    long len = readVarint();
    if (Long.compareUnsigned(len, limit - pos) > 0) {
      throw WireException.bufferTooShort(len, limit - pos);
    }
    int start = pos;
    pos += (int) len;
    return start;
  }

  /**
   * A prototk tag (§1.3): returns {@code fieldNumber << 3 | wireType}. Fails with tag-too-large,
   * invalid-field-number or unhandled-wire-type like prototk's {@code Tag::unpack}.
   */
  public int readTag() throws WireException {
    long tag = readVarint();
    if (Long.compareUnsigned(tag, 0xffffffffL) > 0) {
      throw WireException.of("tag-too-large", "(tag " + Long.toUnsignedString(tag) + ")");
    }
    long fieldNumber = tag >>> 3;
    int wireType = (int) (tag & 7);
    if (fieldNumber < 1) {
      throw WireException.of(
          "invalid-field-number",
          "(field_number 0) (what \"field number must be positive integer\")");
    }
    if (fieldNumber >= 19000 && fieldNumber <= 19999) {
      throw WireException.of(
          "invalid-field-number",
          "(field_number " + fieldNumber + ") (what \"field is reserved\")");
    }
    if (wireType != WIRE_VARINT
        && wireType != WIRE_SIXTY_FOUR
        && wireType != WIRE_LENGTH_DELIMITED
        && wireType != WIRE_THIRTY_TWO) {
      throw WireException.of("unhandled-wire-type", "(wire_type " + wireType + ")");
    }
    return (int) tag;
  }

  /**
   * Skips the value of a field of {@code wireType}, failing (like prototk's FieldIterator) when it
   * runs past the limit.
   */
  public void skipValue(int wireType) throws WireException {
    switch (wireType) {
      case WIRE_VARINT:
        readVarint();
        return;
      case WIRE_SIXTY_FOUR:
        require(8);
        pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED:
        readLengthDelimited();
        return;
      case WIRE_THIRTY_TWO:
        require(4);
        pos += 4;
        return;
      default:
        throw WireException.of("unhandled-wire-type", "(wire_type " + wireType + ")");
    }
  }

  private void require(int n) throws WireException {
    if (limit - pos < n) {
      throw WireException.bufferTooShort(n, limit - pos);
    }
  }
}
