package dev.sstbeam.format.wire;

import java.util.Arrays;

/** A growable byte array for building encodings; the writers' scratch space. */
public final class ByteBuilder {
  private byte[] buf;
  private int length;

  public ByteBuilder(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public int length() {
    return length;
  }

  /** The backing array; valid bytes are {@code [0, length())}. */
  public byte[] array() {
    return buf;
  }

  public void clear() {
    length = 0;
  }

  /** Shrinks the content to its first {@code newLength} bytes. */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("truncate to " + newLength + " of " + length);
    }
    length = newLength;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, length);
  }

  public ByteBuilder putByte(int b) {
    ensure(1);
    buf[length++] = (byte) b;
    return this;
  }

  public ByteBuilder putVarint(long v) {
    ensure(Varint.MAX_LENGTH);
    length = Varint.write(buf, length, v);
    return this;
  }

  public ByteBuilder putBytes(byte[] b) {
    return putBytes(b, 0, b.length);
  }

  public ByteBuilder putBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, length, len);
    length += len;
    return this;
  }

  /** A prototk {@code bytes} value: varint length then the bytes (the tag is written by caller). */
  public ByteBuilder putLengthPrefixed(byte[] b, int off, int len) {
    putVarint(len);
    return putBytes(b, off, len);
  }

  public ByteBuilder putLE32(int v) {
    ensure(4);
    Bytes.putLE32(buf, length, v);
    length += 4;
    return this;
  }

  public ByteBuilder putLE64(long v) {
    ensure(8);
    Bytes.putLE64(buf, length, v);
    length += 8;
    return this;
  }

  private void ensure(int more) {
    int need = length + more;
    if (need < 0) {
      throw new OutOfMemoryError("byte builder over 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length + (buf.length >> 1)));
    }
  }
}
