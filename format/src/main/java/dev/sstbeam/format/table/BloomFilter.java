package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.wire.Bytes;

/**
 * The split-block bloom filter of FORMAT.md §5.7 (Parquet style). Only keys are hashed, with
 * SipHash-2-4 under a fixed key.
 *
 * <pre>
 * filter    = block*          num_blocks = floor(floor((bits + 7) / 8) / 32) + 1,
 *                             bits = min(items × bits_per_item, 2^32 − 1)
 * block     = LE32 word[8]    32 bytes
 * h         = siphash24(k0, k1, key)
 * idx       = ((h >>> 32) × num_blocks) >>> 32
 * bit_i     = ((h & 0xffffffff) × SALT[i] mod 2^32) >>> 27, set in word i of block idx
 * </pre>
 */
public final class BloomFilter {
  static final long K0 = 0x266c41b30d097c62L;
  static final long K1 = 0x917a5089d00ee1bbL;
  private static final int[] SALT = {
    0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d,
    0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31
  };

  private final int[] words;
  private final int numBlocks;

  private BloomFilter(int[] words) {
    this.words = words;
    this.numBlocks = words.length / 8;
  }

  /** The filter's hash of a key. */
  public static long hash(byte[] key) {
    return hash(key, 0, key.length);
  }

  /** The filter's hash of the key {@code key[offset, offset + length)}. */
  public static long hash(byte[] key, int offset, int length) {
    return SipHash24.hash(K0, K1, key, offset, length);
  }

  /** Builds the filter for {@code count} item hashes (every item, duplicates included). */
  public static BloomFilter build(long[] hashes, int count, int bitsPerItem) {
    long bits = Math.min((long) count * (bitsPerItem & 0xff), 0xffffffffL);
    long bytes = Math.min(bits + 7, 0xffffffffL) / 8;
    int numBlocks = (int) (bytes / 32 + 1);
    BloomFilter f = new BloomFilter(new int[8 * numBlocks]);
    for (int i = 0; i < count; i++) {
      f.insert(hashes[i]);
    }
    return f;
  }

  /** Parses filter bytes, checking the length as Rust does (corruption-bad-filter-block). */
  public static BloomFilter parse(byte[] b, int off, int len) throws SstException {
    if (len == 0) {
      throw badFilter("bloom filter must have a non-zero length");
    }
    if (len % 32 != 0) {
      throw badFilter("bloom filter must be a multiple of 32 in length");
    }
    int[] words = new int[len / 4];
    for (int i = 0; i < words.length; i++) {
      words[i] = Bytes.getLE32(b, off + 4 * i);
    }
    return new BloomFilter(words);
  }

  private static SstException badFilter(String what) {
    return SstException.of(ErrorCode.CORRUPTION_BAD_FILTER_BLOCK).field("what", what).build();
  }

  private int blockIndex(long h) {
    return (int) (((h >>> 32) * numBlocks) >>> 32);
  }

  private void insert(long h) {
    int base = 8 * blockIndex(h);
    int x = (int) h;
    for (int i = 0; i < 8; i++) {
      words[base + i] |= 1 << ((x * SALT[i]) >>> 27);
    }
  }

  /** False when {@code key} is certainly absent. */
  public boolean mightContain(byte[] key) {
    long h = hash(key);
    int base = 8 * blockIndex(h);
    int x = (int) h;
    for (int i = 0; i < 8; i++) {
      if ((words[base + i] & (1 << ((x * SALT[i]) >>> 27))) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The serialized filter: the words as LE32, blocks concatenated. */
  public byte[] toBytes() {
    byte[] out = new byte[4 * words.length];
    for (int i = 0; i < words.length; i++) {
      Bytes.putLE32(out, 4 * i, words[i]);
    }
    return out;
  }

  public int blocks() {
    return numBlocks;
  }
}
