package dev.sstbeam.format.setsum;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.wire.Bytes;
import java.util.Arrays;

/**
 * The order-independent multiset checksum of FORMAT.md §7 (setsum 0.9.0): eight unsigned 32-bit
 * columns, column {@code i} in ℤ/Pᵢ. Inserting an item adds the columns of its SHA3-256 hash;
 * removing adds their inverse; two setsums combine by column-wise addition, so the result does not
 * depend on order or grouping.
 *
 * <p>A {@code Setsum} is a mutable accumulator ({@link #insert}, {@link #add} change it and return
 * it); {@link #plus}, {@link #minus} and {@link #inverse} return new values. Not thread-safe.
 */
public final class Setsum implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of columns. */
  public static final int COLUMNS = 8;
  /** Length of {@link #digest()}. */
  public static final int DIGEST_LENGTH = 32;

  /** The column primes Pᵢ, as unsigned values in longs. */
  static final long[] PRIMES = {
    0xfffffffbL, 0xffffffefL, 0xffffffbfL, 0xffffff9dL,
    0xffffff95L, 0xffffff79L, 0xffffff67L, 0xffffff47L
  };

  private final int[] columns;

  /** The empty setsum (all columns zero). */
  public Setsum() {
    this.columns = new int[COLUMNS];
  }

  private Setsum(int[] columns) {
    this.columns = columns;
  }

  /**
   * The setsum whose {@link #digest()} is {@code digest}: eight little-endian columns, taken as
   * they are (no reduction), like Rust's {@code from_digest}.
   */
  public static Setsum fromDigest(byte[] digest) {
    if (digest.length != DIGEST_LENGTH) {
      throw new IllegalArgumentException(
          "a setsum digest has 32 bytes, not " + digest.length);
    }
    int[] c = new int[COLUMNS];
    for (int i = 0; i < COLUMNS; i++) {
      c[i] = Bytes.getLE32(digest, 4 * i);
    }
    return new Setsum(c);
  }

  /**
   * Parses a hexdigest: exactly 64 hexadecimal characters (either case), like Rust's
   * {@code from_hexdigest}; throws {@link IllegalArgumentException} otherwise.
   */
  public static Setsum fromHexDigest(String hex) {
    if (hex.length() != 2 * DIGEST_LENGTH) {
      throw new IllegalArgumentException(
          "a setsum hexdigest has 64 hex digits, not " + hex.length() + " characters");
    }
    byte[] d = new byte[DIGEST_LENGTH];
    for (int i = 0; i < DIGEST_LENGTH; i++) {
      int hi = hexValue(hex.charAt(2 * i));
      int lo = hexValue(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit in setsum hexdigest: " + hex);
      }
      d[i] = (byte) (hi << 4 | lo);
    }
    return fromDigest(d);
  }

  /** 0..15 for an ASCII hex digit, else -1 (Character.digit would also take non-ASCII digits). */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** A setsum with the given eight columns (unsigned values in ints), taken as they are. */
  public static Setsum fromColumns(int[] columns) {
    if (columns.length != COLUMNS) {
      throw new IllegalArgumentException("a setsum has 8 columns, not " + columns.length);
    }
    return new Setsum(columns.clone());
  }

  /** The eight columns (unsigned values in ints); a copy. */
  public int[] columns() {
    return columns.clone();
  }

  /** The setsum of one item: the reduced columns of SHA3-256(item). */
  public static Setsum ofItem(byte[] item) {
    return new Setsum().insert(item);
  }

  /** Inserts one item (any bytes). */
  public Setsum insert(byte[] item) {
    return addHash(ItemHasher.get().hash(item), false);
  }

  /** Removes one item: adds the inverse of its state. */
  public Setsum remove(byte[] item) {
    return addHash(ItemHasher.get().hash(item), true);
  }

  /** Inserts a put as FORMAT.md §7.3 hashes it: {@code 08 || key || LE64(ts) || value}. */
  public Setsum insertPut(byte[] key, long timestamp, byte[] value) {
    return addHash(ItemHasher.get().hashPut(key, timestamp, value), false);
  }

  /** Inserts a tombstone as FORMAT.md §7.3 hashes it: {@code 09 || key || LE64(ts)}. */
  public Setsum insertDel(byte[] key, long timestamp) {
    return addHash(ItemHasher.get().hashDel(key, timestamp), false);
  }

  /**
   * Inserts a put whose key and value are slices of arrays (e.g. an encoded log batch or a table
   * block), without copying them out.
   */
  public Setsum insertPut(byte[] keyBuf, int keyOffset, int keyLength, long timestamp,
      byte[] valueBuf, int valueOffset, int valueLength) {
    return addHash(ItemHasher.get().hashPut(
        keyBuf, keyOffset, keyLength, timestamp, valueBuf, valueOffset, valueLength), false);
  }

  /** Inserts a tombstone whose key is a slice of {@code keyBuf}. */
  public Setsum insertDel(byte[] keyBuf, int keyOffset, int keyLength, long timestamp) {
    return addHash(ItemHasher.get().hashDel(keyBuf, keyOffset, keyLength, timestamp), false);
  }

  /** Inserts a put or a tombstone. */
  public Setsum insert(KeyValue kv) {
    return kv.isTombstone()
        ? insertDel(kv.key(), kv.timestamp())
        : insertPut(kv.key(), kv.timestamp(), kv.value());
  }

  /** Removes a put or a tombstone. */
  public Setsum remove(KeyValue kv) {
    byte[] h =
        kv.isTombstone()
            ? ItemHasher.get().hashDel(kv.key(), kv.timestamp())
            : ItemHasher.get().hashPut(kv.key(), kv.timestamp(), kv.value());
    return addHash(h, true);
  }

  /** Adds {@code other} into this setsum (multiset union). */
  public Setsum add(Setsum other) {
    for (int i = 0; i < COLUMNS; i++) {
      columns[i] = addColumn(i, columns[i], other.columns[i]);
    }
    return this;
  }

  /** Subtracts {@code other} from this setsum (adds its inverse). */
  public Setsum subtract(Setsum other) {
    for (int i = 0; i < COLUMNS; i++) {
      columns[i] = addColumn(i, columns[i], invertColumn(i, other.columns[i]));
    }
    return this;
  }

  /** A new setsum: this + other. */
  public Setsum plus(Setsum other) {
    return copy().add(other);
  }

  /** A new setsum: this − other. */
  public Setsum minus(Setsum other) {
    return copy().subtract(other);
  }

  /** A new setsum: Pᵢ − cᵢ per column (a zero column becomes Pᵢ, as in Rust). */
  public Setsum inverse() {
    int[] c = new int[COLUMNS];
    for (int i = 0; i < COLUMNS; i++) {
      c[i] = invertColumn(i, columns[i]);
    }
    return new Setsum(c);
  }

  public Setsum copy() {
    return new Setsum(columns.clone());
  }

  /** True when every column is zero (the empty multiset, or items that cancel out). */
  public boolean isEmpty() {
    for (int c : columns) {
      if (c != 0) {
        return false;
      }
    }
    return true;
  }

  /** The 32-byte digest: the columns as little-endian 32-bit integers. */
  public byte[] digest() {
    byte[] d = new byte[DIGEST_LENGTH];
    for (int i = 0; i < COLUMNS; i++) {
      Bytes.putLE32(d, 4 * i, columns[i]);
    }
    return d;
  }

  /** The digest as 64 lowercase hex digits. */
  public String hexDigest() {
    byte[] d = digest();
    char[] out = new char[2 * DIGEST_LENGTH];
    for (int i = 0; i < DIGEST_LENGTH; i++) {
      out[2 * i] = Character.forDigit((d[i] >> 4) & 0xf, 16);
      out[2 * i + 1] = Character.forDigit(d[i] & 0xf, 16);
    }
    return new String(out);
  }

  private Setsum addHash(byte[] hash, boolean invert) {
    for (int i = 0; i < COLUMNS; i++) {
      addHashColumn(i, Bytes.getLE32(hash, 4 * i), invert);
    }
    return this;
  }

  /**
   * Adds (or, with {@code invert}, removes) the item whose SHA3-256 hash is the four little-endian
   * words {@code h0..h3}: column {@code 2j} is the low half of {@code hj}, column {@code 2j+1} the
   * high half.
   */
  void addHashWords(long h0, long h1, long h2, long h3, boolean invert) {
    addHashColumn(0, (int) h0, invert);
    addHashColumn(1, (int) (h0 >>> 32), invert);
    addHashColumn(2, (int) h1, invert);
    addHashColumn(3, (int) (h1 >>> 32), invert);
    addHashColumn(4, (int) h2, invert);
    addHashColumn(5, (int) (h2 >>> 32), invert);
    addHashColumn(6, (int) h3, invert);
    addHashColumn(7, (int) (h3 >>> 32), invert);
  }

  /** Reduces column {@code i} of a hash below Pᵢ (once, as Rust does), then adds or removes it. */
  private void addHashColumn(int i, int c, boolean invert) {
    if (Long.compareUnsigned(c & 0xffffffffL, PRIMES[i]) >= 0) {
      c = (int) ((c & 0xffffffffL) - PRIMES[i]);
    }
    if (invert) {
      c = invertColumn(i, c);
    }
    columns[i] = addColumn(i, columns[i], c);
  }

  /** One conditional subtraction, then truncation to 32 bits — exactly Rust's {@code add}. */
  private static int addColumn(int i, int a, int b) {
    long t = (a & 0xffffffffL) + (b & 0xffffffffL);
    if (t >= PRIMES[i]) {
      t -= PRIMES[i];
    }
    return (int) t;
  }

  private static int invertColumn(int i, int a) {
    return (int) (PRIMES[i] - (a & 0xffffffffL));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Setsum && Arrays.equals(columns, ((Setsum) o).columns);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(columns);
  }

  /** The hexdigest. */
  @Override
  public String toString() {
    return hexDigest();
  }
}
