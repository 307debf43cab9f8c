package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.io.AtomicFiles;
import dev.sstbeam.format.io.BufferedFileOutput;
import dev.sstbeam.format.setsum.BackgroundSetsum;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.Crc32c;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a sorted string table byte for byte like Rust's {@code SstBuilder} (FORMAT.md §5.1–§5.8):
 *
 * <pre>
 * data block entry*        52 varint(n) block         (a block is cut once it exceeds the target)
 * index block entry        52 varint(n) index_block   (one Put per data block: divider → metadata)
 * filter block entry       6a varint(n) bloom_filter
 * final block              82 01 meta(index) 8a 01 meta(filter) 9a 01 20 setsum[32]
 *                          a0 01 varint(smallest_ts) a8 01 varint(biggest_ts) 91 01 LE64(offset)
 * </pre>
 *
 * Items must come in strictly increasing table order, starting above {@code ("", u64::MAX)} (the
 * Rust builder's implicit previous item, so that item can never be written). The table is written
 * under a temporary name beside the target and published by {@link #seal()} after an fsync, with
 * create-new semantics: an existing file is never replaced.
 */
public final class SstWriter implements AutoCloseable {
  /** FINAL_BLOCK_MAX_SZ: the most a final block can take. */
  static final int FINAL_BLOCK_MAX_SIZE = 147;

  private final Path target;
  private final Path temp;
  private final String name;
  private final SstOptions options;
  private final BufferedFileOutput out;
  private final BlockBuilder index;
  private final Setsum setsum = new Setsum();
  /** The items' setsum when it is not hashed in the background (null for scratch tables). */
  private final BatchedSetsum inlineSetsum;
  private final boolean checksummed;
  private BackgroundSetsum backgroundSetsum;
  private final ByteBuilder scratch = new ByteBuilder(64);
  /** The data block being filled; one builder serves every block of the table. */
  private BlockBuilder block;
  private boolean blockOpen;
  private long[] bloomHashes = new long[1024];
  private int items;
  /** The last item's key is {@code lastKey[0, lastKeyLength)}; the array is reused. */
  private byte[] lastKey = new byte[0];
  private int lastKeyLength;
  private long lastTimestamp = -1L;
  private byte[] firstKey;
  private long smallestTs = -1L;
  private long biggestTs = 0;
  private boolean finished;

  private SstWriter(Path target, Path temp, String name, SstOptions options,
      WritableByteChannel channel, boolean checksummed) {
    this.target = target;
    this.name = name;
    this.checksummed = checksummed;
    this.inlineSetsum = checksummed ? new BatchedSetsum() : null;
    this.temp = temp;
    this.options = options;
    this.out = new BufferedFileOutput(channel, options.writeBufferSize());
    this.index = new BlockBuilder(options);
  }

  /** Starts a table that {@link #seal()} will publish at {@code target}, which must not exist. */
  public static SstWriter create(Path target, SstOptions options) throws SstException {
    return create(target, options, true);
  }

  /**
   * Starts a scratch table for internal use (the external sorter's runs): the same layout as
   * {@link #create} except that no setsum and no bloom filter are computed, so its final block
   * holds the zero setsum and its filter is empty (point lookups would miss; scans are exact),
   * and {@link #seal()} neither syncs it nor its directory. Never hand such a file to a user.
   */
  public static SstWriter createScratch(Path target, SstOptions options) throws SstException {
    return create(target, options, false);
  }

  private static SstWriter create(Path target, SstOptions options, boolean checksummed)
      throws SstException {
    if (Files.exists(target)) {
      throw SystemErrors.alreadyExists(target);
    }
    Path temp = AtomicFiles.tempSibling(target);
    try {
      FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new SstWriter(target, temp, target.toString(), options, ch, checksummed);
    } catch (IOException e) {
      throw SystemErrors.of(e, target);
    }
  }

  /**
   * A table written to {@code channel} (which must be empty); {@code name} is used in error
   * messages. {@link #seal()} flushes and closes the channel; publishing the file is the caller's
   * business (e.g. Beam's temp-then-rename). With {@code checksummed} false no setsum
   * or bloom filter is computed (scratch files only, see {@link #createScratch}).
   */
  public static SstWriter open(WritableByteChannel channel, String name, SstOptions options,
      boolean checksummed) {
    return new SstWriter(null, null, name, options, channel, checksummed);
  }

  public static SstWriter create(Path target) throws SstException {
    return create(target, SstOptions.DEFAULT);
  }

  /**
   * Hashes the items for the table's setsum on a background thread from now on, overlapping it
   * with encoding and writing. The caller promises not to modify any key or value array after
   * handing it to {@link #put}, {@link #del} or {@link #add}. No effect on the bytes written.
   */
  public SstWriter hashInBackground() {
    if (checksummed && backgroundSetsum == null && items == 0) {
      backgroundSetsum = new BackgroundSetsum();
    }
    return this;
  }

  /**
   * Writes the file on a background thread from now on: each full write buffer is written while
   * the next one fills ({@link BufferedFileOutput#writeBehind()}; one more buffer of {@link
   * SstOptions#writeBufferSize()}). For a writer with a core to spare. No effect on the bytes
   * written.
   */
  public SstWriter writeBehind() {
    out.writeBehind();
    return this;
  }

  public void put(byte[] key, long timestamp, byte[] value) throws SstException {
    Limits.checkKey(key);
    Limits.checkValue(value);
    add(key, timestamp, value);
  }

  public void del(byte[] key, long timestamp) throws SstException {
    Limits.checkKey(key);
    add(key, timestamp, null);
  }

  /** A put or a tombstone. */
  public void add(KeyValue kv) throws SstException {
    if (kv.isTombstone()) {
      del(kv.key(), kv.timestamp());
    } else {
      put(kv.key(), kv.timestamp(), kv.value());
    }
  }

  private void add(byte[] key, long ts, byte[] value) throws SstException {
    add(key, 0, key.length, ts, value, 0, value == null ? 0 : value.length, true);
  }

  /**
   * The item {@code key[keyOffset, +keyLength)} at {@code timestamp}: a put of {@code
   * value[valueOffset, +valueLength)}, or a tombstone when {@code value} is null. The bytes are
   * copied before this returns, so the arrays may be reused (a sort buffer's slabs).
   */
  public void add(byte[] key, int keyOffset, int keyLength, long timestamp, byte[] value,
      int valueOffset, int valueLength) throws SstException {
    if (keyLength > Limits.MAX_KEY_LEN) {
      Limits.checkKey(Arrays.copyOfRange(key, keyOffset, keyOffset + keyLength));
    }
    if (value != null && valueLength > Limits.MAX_VALUE_LEN) {
      Limits.checkValue(Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength));
    }
    add(key, keyOffset, keyLength, timestamp, value, valueOffset, valueLength, false);
  }

  /**
   * Adds an item given as slices; {@code owned} says the key and value are whole arrays that no
   * one modifies afterwards, so the background setsum may hash them later without a copy.
   */
  private void add(byte[] key, int keyOff, int keyLen, long ts, byte[] value, int valueOff,
      int valueLen, boolean owned) throws SstException {
    ensureOpen();
    if (approximateSize() >= Limits.TABLE_FULL_SIZE) {
      throw SstException.of(ErrorCode.TABLE_FULL)
          .field("size", approximateSize())
          .field("limit", Limits.TABLE_FULL_SIZE)
          .file(name)
          .build();
    }
    if (KeyOrder.compare(lastKey, lastKeyLength, lastTimestamp, key, keyOff, keyLen, ts) >= 0) {
      throw BlockBuilder.sortOrder(Arrays.copyOf(lastKey, lastKeyLength), lastTimestamp,
          Arrays.copyOfRange(key, keyOff, keyOff + keyLen), ts).inFile(name);
    }
    if (!blockOpen) {
      if (block == null) {
        block = new BlockBuilder(options);
      }
      blockOpen = true;
    } else if (block.approximateSize() > options.targetBlockSize()) {
      flushBlock(Arrays.copyOfRange(key, keyOff, keyOff + keyLen), ts);
      blockOpen = true;
    }
    block.add(key, keyOff, keyLen, ts, value, valueOff, valueLen);
    if (backgroundSetsum != null) {
      if (owned) {
        backgroundSetsum.add(key, ts, value);
      } else {
        backgroundSetsum.add(Arrays.copyOfRange(key, keyOff, keyOff + keyLen), ts,
            value == null ? null : Arrays.copyOfRange(value, valueOff, valueOff + valueLen));
      }
    } else if (checksummed) {
      if (value == null) {
        inlineSetsum.insertDel(key, keyOff, keyLen, ts);
      } else {
        inlineSetsum.insertPut(key, keyOff, keyLen, ts, value, valueOff, valueLen);
      }
    }
    if (checksummed) {
      // Scratch tables (sort runs) are only scanned: their bloom filter stays empty.
      if (items == bloomHashes.length) {
        bloomHashes = Arrays.copyOf(bloomHashes, 2 * items);
      }
      bloomHashes[items] = BloomFilter.hash(key, keyOff, keyLen);
    }
    items++;
    if (firstKey == null) {
      firstKey = Arrays.copyOfRange(key, keyOff, keyOff + keyLen);
    }
    if (lastKey.length < keyLen) {
      lastKey = new byte[Math.max(keyLen, 2 * lastKey.length)];
    }
    System.arraycopy(key, keyOff, lastKey, 0, keyLen);
    lastKeyLength = keyLen;
    lastTimestamp = ts;
    if (Long.compareUnsigned(ts, smallestTs) < 0) {
      smallestTs = ts;
    }
    if (Long.compareUnsigned(ts, biggestTs) > 0) {
      biggestTs = ts;
    }
  }

  /** Rust's approximate_size: written + open block + 1 + index + FINAL_BLOCK_MAX_SZ. */
  public long approximateSize() {
    return out.written()
        + (blockOpen ? block.approximateSize() : 0)
        + 1
        + index.approximateSize()
        + FINAL_BLOCK_MAX_SIZE;
  }

  /** Items added so far. */
  public long items() {
    return items;
  }

  /** The key and timestamp of the last item added, or null before any. */
  public byte[] lastKey() {
    return items == 0 ? null : Arrays.copyOf(lastKey, lastKeyLength);
  }

  private void flushBlock(byte[] rhsKey, long rhsTs) throws SstException {
    ByteBuilder raw = block.sealInPlace();
    BlockMetadata meta = writeEntry(0x52, raw.array(), raw.length());
    block.reset();
    blockOpen = false;
    Divider d = Divider.between(Arrays.copyOf(lastKey, lastKeyLength), lastTimestamp, rhsKey, rhsTs);
    index.put(d.key(), d.timestamp(), meta.toBytes());
  }

  /** Writes {@code tag varint(len) raw} and returns its metadata. */
  private BlockMetadata writeEntry(int tag, byte[] raw) throws SstException {
    return writeEntry(tag, raw, raw.length);
  }

  /** Writes {@code tag varint(len) raw[0, len)} and returns its metadata. */
  private BlockMetadata writeEntry(int tag, byte[] raw, int len) throws SstException {
    long start = out.written();
    scratch.clear();
    scratch.putByte(tag).putVarint(len);
    write(scratch.array(), scratch.length());
    write(raw, len);
    return new BlockMetadata(start, out.written(), Crc32c.of(raw, 0, len));
  }

  /**
   * Finishes the table: the last data block, the index, the bloom filter and the final block;
   * syncs the file and publishes it at the target name. Returns the table's metadata.
   */
  public SstMetadata seal() throws SstException {
    ensureOpen();
    if (blockOpen) {
      Divider succ = Divider.successor(Arrays.copyOf(lastKey, lastKeyLength), lastTimestamp);
      flushBlock(succ.key(), succ.timestamp());
    }
    if (backgroundSetsum != null) {
      setsum.add(backgroundSetsum.finish());
      backgroundSetsum.close();
      backgroundSetsum = null;
    }
    if (checksummed) {
      setsum.add(inlineSetsum.setsum());
    }
    BlockMetadata indexMeta = writeEntry(0x52, index.seal());
    BloomFilter filter = BloomFilter.build(bloomHashes, checksummed ? items : 0, options.bloomFilterBits());
    BlockMetadata filterMeta = writeEntry(0x6a, filter.toBytes());
    long smallest = items == 0 ? 0 : smallestTs;
    long biggest = items == 0 ? 0 : biggestTs;
    long finalOffset = out.written();
    ByteBuilder f = new ByteBuilder(FINAL_BLOCK_MAX_SIZE);
    byte[] im = indexMeta.toBytes();
    byte[] fm = filterMeta.toBytes();
    f.putByte(0x82).putByte(0x01).putLengthPrefixed(im, 0, im.length);
    f.putByte(0x8a).putByte(0x01).putLengthPrefixed(fm, 0, fm.length);
    f.putByte(0x9a).putByte(0x01).putByte(0x20).putBytes(setsum.digest());
    f.putByte(0xa0).putByte(0x01).putVarint(smallest);
    f.putByte(0xa8).putByte(0x01).putVarint(biggest);
    f.putByte(0x91).putByte(0x01).putLE64(finalOffset);
    write(f.array(), f.length());
    long fileSize = out.written();
    try {
      if (checksummed) {
        out.sync(true);
      } else {
        // A scratch run is read back and deleted by the job that wrote it; forcing it to disk
        // only made the kernel write it out (twice the output's writes in sst-from-log).
        out.flush();
      }
      out.close();
      finished = true;
      if (target != null) {
        if (checksummed) {
          AtomicFiles.publishNew(temp, target);
        } else {
          Files.move(temp, target); // fails if target exists, like publishNew
        }
      }
    } catch (IOException e) {
      abort();
      throw SystemErrors.of(e, name);
    }
    return new SstMetadata(
        setsum.copy(),
        firstKey == null ? new byte[0] : firstKey,
        items == 0 ? SstMetadata.MAX_KEY.clone() : Arrays.copyOf(lastKey, lastKeyLength),
        smallest,
        biggest,
        fileSize);
  }

  /** Abandons the table: closes and deletes the temporary file. Safe to call more than once. */
  public void abort() {
    finished = true;
    if (backgroundSetsum != null) {
      backgroundSetsum.close();
      backgroundSetsum = null;
    }
    try {
      out.close();
    } catch (IOException ignored) {
      // Deleting the temporary file is what matters.
    }
    try {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException ignored) {
      // Best effort: a stray temporary name never shadows a table.
    }
  }

  /** Aborts unless sealed. */
  @Override
  public void close() {
    if (!finished) {
      abort();
    }
  }

  /** The path the table is published at, or null for a channel given by the caller. */
  public Path target() {
    return target;
  }

  /** The table's name in error messages. */
  public String name() {
    return name;
  }

  private void write(byte[] b, int len) throws SstException {
    try {
      out.write(b, 0, len);
    } catch (IOException e) {
      throw SystemErrors.of(e, name);
    }
  }

  private void ensureOpen() throws SstException {
    if (finished) {
      throw SstException.of(ErrorCode.SYSTEM_ERROR)
          .field("kind", "Other")
          .field("message", "table writer is sealed or aborted")
          .file(name)
          .build();
    }
  }
}
