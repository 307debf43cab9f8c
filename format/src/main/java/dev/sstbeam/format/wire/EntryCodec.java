package dev.sstbeam.format.wire;

/**
 * The KeyValueEntry enum of FORMAT.md §2.4, shared by log batches and table blocks.
 *
 * <pre>
 * Put : 42 varint(n) 08 varint(shared) 12 varint(len(frag)) frag 18 varint(ts) 22 varint(len(v)) v
 * Del : 4a varint(n) 28 varint(shared) 32 varint(len(frag)) frag 38 varint(ts)
 * </pre>
 *
 * {@code n} is the byte length of the body after it. Every field is always written (no default
 * elision, §1.3). Decoding follows prototk at the vectors' commit: the body's fields may come in
 * any order, unknown fields are skipped, a repeated field overwrites, absent fields default to 0 /
 * empty, and a malformed tag or a value running past the body is an error.
 */
public final class EntryCodec {
  static final int TAG_PUT = 0x42; // field 8, length-delimited
  static final int TAG_DEL = 0x4a; // field 9, length-delimited

  private EntryCodec() {}

  /** Appends a put entry. */
  public static void encodePut(
      ByteBuilder out, int shared, byte[] key, int fragOff, int fragLen, long ts, byte[] value) {
    encodePut(out, shared, key, fragOff, fragLen, ts, value, 0, value.length);
  }

  /** Appends a put entry of the value {@code value[valueOff, valueOff + valueLen)}. */
  public static void encodePut(ByteBuilder out, int shared, byte[] key, int fragOff, int fragLen,
      long ts, byte[] value, int valueOff, int valueLen) {
    int body =
        1 + Varint.length(shared)
            + 1 + Varint.length(fragLen) + fragLen
            + 1 + Varint.length(ts)
            + 1 + Varint.length(valueLen) + valueLen;
    out.putByte(TAG_PUT).putVarint(body);
    out.putByte(0x08).putVarint(shared);
    out.putByte(0x12).putLengthPrefixed(key, fragOff, fragLen);
    out.putByte(0x18).putVarint(ts);
    out.putByte(0x22).putLengthPrefixed(value, valueOff, valueLen);
  }

  /** Appends a tombstone entry. */
  public static void encodeDel(
      ByteBuilder out, int shared, byte[] key, int fragOff, int fragLen, long ts) {
    int body =
        1 + Varint.length(shared) + 1 + Varint.length(fragLen) + fragLen + 1 + Varint.length(ts);
    out.putByte(TAG_DEL).putVarint(body);
    out.putByte(0x28).putVarint(shared);
    out.putByte(0x32).putLengthPrefixed(key, fragOff, fragLen);
    out.putByte(0x38).putVarint(ts);
  }

  /** The encoded size of a put with {@code shared = 0} and the whole key as fragment. */
  public static int putSize(int keyLen, long ts, int valueLen) {
    int body =
        1 + 1 + 1 + Varint.length(keyLen) + keyLen + 1 + Varint.length(ts)
            + 1 + Varint.length(valueLen) + valueLen;
    return 1 + Varint.length(body) + body;
  }

  /** The encoded size of a tombstone with {@code shared = 0} and the whole key as fragment. */
  public static int delSize(int keyLen, long ts) {
    int body = 1 + 1 + 1 + Varint.length(keyLen) + keyLen + 1 + Varint.length(ts);
    return 1 + Varint.length(body) + body;
  }

  /**
   * Decodes one entry at the reader's position into {@code out} and advances past it. Offsets in
   * {@code out} point into the reader's buffer.
   */
  public static void decode(WireReader in, DecodedEntry out) throws WireException {
    int tag = in.readTag();
    boolean put;
    if (tag == TAG_PUT) {
      put = true;
    } else if (tag == TAG_DEL) {
      put = false;
    } else {
      throw WireException.of("unknown-discriminant", "(discriminant " + (tag >>> 3) + ")");
    }
    int bodyStart = in.readLengthDelimited();
    WireReader body = new WireReader(in.buffer(), bodyStart, in.position());
    out.reset(put, in.buffer());
    int base = put ? 1 : 5; // field numbers: Put 1..4, Del 5..7
    while (body.hasRemaining()) {
      int t = body.readTag();
      int field = t >>> 3;
      int wireType = t & 7;
      int relative = field - base;
      if (relative == 0 && wireType == WireReader.WIRE_VARINT) {
        out.shared = body.readVarint();
      } else if (relative == 1 && wireType == WireReader.WIRE_LENGTH_DELIMITED) {
        out.keyOffset = body.readLengthDelimited();
        out.keyLength = body.position() - out.keyOffset;
      } else if (relative == 2 && wireType == WireReader.WIRE_VARINT) {
        out.timestamp = body.readVarint();
      } else if (put && relative == 3 && wireType == WireReader.WIRE_LENGTH_DELIMITED) {
        out.valueOffset = body.readLengthDelimited();
        out.valueLength = body.position() - out.valueOffset;
      } else {
        body.skipValue(wireType);
      }
    }
  }

  /** The fields of one decoded entry; reused across calls to avoid allocation. */
  public static final class DecodedEntry {
    public boolean put;
    public byte[] buffer;
    public long shared;
    public int keyOffset;
    public int keyLength;
    public long timestamp;
    /** Offset of the value in {@link #buffer}; meaningless for a tombstone. */
    public int valueOffset;
    public int valueLength;

    void reset(boolean isPut, byte[] buf) {
      put = isPut;
      buffer = buf;
      shared = 0;
      keyOffset = 0;
      keyLength = 0;
      timestamp = 0;
      valueOffset = 0;
      valueLength = 0;
    }
  }
}
