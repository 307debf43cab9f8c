package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Crc32c;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open sorted string table. Opening runs every check of FORMAT.md §5.9 in Rust's order and
 * loads the index block and the bloom filter; data blocks are read and CRC-checked each time a
 * cursor enters them. Reads are positional, so one {@code Sst} serves cursors on many threads.
 *
 * <p>Unlike Rust, a table with no items (the 122-byte file {@code SstBuilder} writes when sealed
 * empty) reads as an empty table.
 */
public final class Sst implements Closeable {
  /** A final block larger than this is not something any writer produces. */
  private static final long MAX_FINAL_BLOCK_REGION = 16 << 20;

  private final String path;
  private final SeekableByteChannel channel;
  private final long fileSize;
  private final long finalBlockOffset;
  private final Block index;
  private final BloomFilter filter;
  private final Setsum setsum;
  private final long smallestTimestamp;
  private final long biggestTimestamp;

  private Sst(String path, SeekableByteChannel channel, long fileSize, long finalBlockOffset, Block index,
      BloomFilter filter, Setsum setsum, long smallest, long biggest) {
    this.path = path;
    this.channel = channel;
    this.fileSize = fileSize;
    this.finalBlockOffset = finalBlockOffset;
    this.index = index;
    this.filter = filter;
    this.setsum = setsum;
    this.smallestTimestamp = smallest;
    this.biggestTimestamp = biggest;
  }

  /** Opens and checks a table. */
  public static Sst open(Path path) throws SstException {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw SystemErrors.of(e, path);
    }
    return open(ch, path.toString());
  }

  /**
   * Opens the table in {@code channel} (e.g. one from Beam's FileSystems); {@code name} is used
   * in error messages. The table owns the channel and closes it. Positional reads are used when
   * the channel is a {@link FileChannel}; otherwise reads are serialized on the channel.
   */
  public static Sst open(SeekableByteChannel channel, String name) throws SstException {
    try {
      return openChecked(name, channel);
    } catch (SstException e) {
      closeQuietly(channel);
      throw e.inFile(name);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(SeekableByteChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // The caller reports the original failure.
    }
  }

  private static Sst openChecked(String path, SeekableByteChannel ch) throws SstException {
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      throw SystemErrors.of(e, path);
    }
    if (size < 8) {
      throw SstException.of(ErrorCode.CORRUPTION_FILE_TOO_SMALL)
          .field("file_size", size).field("limit", 8).file(path).build();
    }
    byte[] tail = read(ch, path, size - 8, 8);
    long fbo = Bytes.getLE64(tail, 0);
    if (Long.compareUnsigned(fbo, size) > 0) {
      throw SstException.of(ErrorCode.CORRUPTION_FINAL_BLOCK_OFFSET_TOO_LARGE)
          .unsignedField("final_block_offset", fbo).field("file_size", size).file(path).build();
    }
    if (size - fbo > MAX_FINAL_BLOCK_REGION) {
      throw SstException.of(ErrorCode.UNPACK_FINAL_BLOCK)
          .field("message", "final block of " + (size - fbo) + " bytes at offset " + fbo
              + " is larger than any writer produces")
          .file(path).at(fbo).build();
    }
    byte[] fin = read(ch, path, fbo, (int) (size - fbo));
    FinalBlock f;
    try {
      f = FinalBlock.decode(fin);
    } catch (WireException e) {
      throw SstException.of(ErrorCode.UNPACK_FINAL_BLOCK)
          .field("message", e.getMessage()).file(path).at(fbo).build();
    }
    f.index.check();
    f.filter.check();
    if (Long.compareUnsigned(f.index.limit(), f.filter.start()) > 0) {
      throw SstException.of(ErrorCode.CORRUPTION_INDEX_BLOCK_RUNS_PAST_FILTER_BLOCK)
          .unsignedField("index_block_limit", f.index.limit())
          .unsignedField("filter_block_start", f.filter.start())
          .file(path).build();
    }
    if (Long.compareUnsigned(f.filter.limit(), fbo) > 0) {
      throw SstException.of(ErrorCode.CORRUPTION_FILTER_BLOCK_RUNS_PAST_FINAL_BLOCK)
          .unsignedField("filter_block_limit", f.filter.limit())
          .unsignedField("final_block_offset", fbo)
          .file(path).build();
    }
    Block index = Block.parse(readEntry(ch, path, size, f.index, EntryKind.PLAIN));
    byte[] filterBytes = readEntry(ch, path, size, f.filter, EntryKind.FILTER);
    BloomFilter filter = BloomFilter.parse(filterBytes, 0, filterBytes.length);
    return new Sst(path, ch, size, fbo, index, filter, f.setsum, f.smallest, f.biggest);
  }

  /** The table's name: its path, or the name given with a channel. */
  public String path() {
    return path;
  }

  public long fileSize() {
    return fileSize;
  }

  /** The setsum stored in the final block (Rust's {@code fast_setsum}); not verified. */
  public Setsum fastSetsum() {
    return setsum.copy();
  }

  public long smallestTimestamp() {
    return smallestTimestamp;
  }

  public long biggestTimestamp() {
    return biggestTimestamp;
  }

  /** The parsed index block (for {@link SstInspector}). */
  Block indexBlock() {
    return index;
  }

  /** The bloom filter (for {@link SstInspector}). */
  BloomFilter filter() {
    return filter;
  }

  /** A new cursor, before the first item. */
  public SstCursor cursor() {
    return new SstCursor(this, index);
  }

  /** Stored setsum, first/last keys (read from the data), timestamps and file size. */
  public SstMetadata metadata() throws SstException {
    try (SstCursor c = cursor()) {
      c.seekToFirst();
      c.next();
      byte[] first = c.hasItem() ? c.key() : new byte[0];
      c.seekToLast();
      c.prev();
      byte[] last = c.hasItem() ? c.key() : SstMetadata.MAX_KEY.clone();
      return new SstMetadata(setsum.copy(), first, last, smallestTimestamp, biggestTimestamp, fileSize);
    }
  }

  /**
   * The newest version of {@code key} with a timestamp ≤ {@code timestamp}: a put, a tombstone,
   * or null when there is none. The bloom filter is consulted first. For many lookups on one
   * table, a {@link #loader()} reuses one cursor.
   */
  public KeyValue load(byte[] key, long timestamp) throws SstException {
    if (!filter.mightContain(key)) {
      return null;
    }
    return loadWithoutFilter(key, timestamp);
  }

  /** {@link #load} without consulting the bloom filter (for measuring the filter's effect). */
  public KeyValue loadWithoutFilter(byte[] key, long timestamp) throws SstException {
    try (SstCursor c = cursor()) {
      return SstLoader.find(c, key, timestamp);
    }
  }

  /** Point lookups through one cursor (FORMAT.md §5.10), fastest in ascending key order. */
  public SstLoader loader() {
    return new SstLoader(this, cursor());
  }

  /**
   * False when the bloom filter says {@code key} is in no item of the table; true when it may be
   * (a table with no filter bits says true for every key).
   */
  public boolean mightContain(byte[] key) {
    return filter.mightContain(key);
  }

  /**
   * The index, in order: for each data block its divider, a key at or above the block's last key
   * and below the next block's first key (FORMAT.md §5.5), and where the block lies. Dividers cut
   * the key space into pieces of about one block each, e.g. to plan key ranges without reading
   * the data.
   */
  public List<IndexEntry> indexEntries() throws SstException {
    List<IndexEntry> out = new ArrayList<>();
    BlockCursor c = new BlockCursor(index);
    c.seekToFirst();
    for (c.next(); c.hasItem(); c.next()) {
      out.add(new IndexEntry(c.key(), SstCursor.metadataOf(c)));
    }
    return out;
  }

  /** One entry of the index block: a data block's divider key and its place in the file. */
  public record IndexEntry(byte[] divider, BlockMetadata block) {}

  /** The data blocks, in order, as the index lists them. */
  public List<BlockMetadata> dataBlocks() throws SstException {
    List<BlockMetadata> out = new ArrayList<>();
    BlockCursor c = new BlockCursor(index);
    c.seekToFirst();
    for (c.next(); c.hasItem(); c.next()) {
      out.add(SstCursor.metadataOf(c));
    }
    return out;
  }

  /** The parsed data block at {@code meta}, CRC-checked. */
  Block readDataBlock(BlockMetadata meta) throws SstException {
    return Block.parse(readEntry(channel, path, fileSize, meta, EntryKind.PLAIN));
  }

  /** A cursor over the items of one data block, before its first item. */
  public Cursor blockCursor(BlockMetadata meta) throws SstException {
    return new BlockCursor(readDataBlock(meta));
  }

  @Override
  public void close() throws SstException {
    try {
      channel.close();
    } catch (IOException e) {
      throw SystemErrors.of(e, path);
    }
  }

  private enum EntryKind { PLAIN, FILTER }

  /**
   * Reads the SstEntry at {@code meta}: checks start < limit, decodes the entry (tag 52 plain, 6a
   * filter, 62 final; anything else is unpack-table-entry), checks the CRC of the raw bytes, then
   * the kind.
   */
  private static byte[] readEntry(SeekableByteChannel ch, String path, long fileSize, BlockMetadata meta,
      EntryKind expected) throws SstException {
    meta.check();
    long start = meta.start();
    long limit = meta.limit();
    if (Long.compareUnsigned(limit, fileSize) > 0) {
      throw SystemErrors.unexpectedEof(path, start);
    }
    byte[] raw = read(ch, path, start, (int) (limit - start));
    WireReader r = new WireReader(raw, 0, raw.length);
    int tag;
    int bodyStart;
    try {
      tag = r.readTag();
      if (tag != 0x52 && tag != 0x6a && tag != 0x62) {
        throw new WireException("(error (phase prototk) (code unknown-discriminant) (discriminant "
            + (tag >>> 3) + "))");
      }
      bodyStart = r.readLengthDelimited();
    } catch (WireException e) {
      throw SstException.of(ErrorCode.UNPACK_TABLE_ENTRY)
          .field("message", e.getMessage()).file(path).at(start).build();
    }
    int bodyLength = r.position() - bodyStart;
    int crc = Crc32c.of(raw, bodyStart, bodyLength);
    if (crc != meta.crc32c()) {
      throw SstException.of(ErrorCode.CRC32C_FAILURE)
          .unsignedField("start", start)
          .unsignedField("end", limit)
          .unsignedField("crc32c", meta.crc32c() & 0xffffffffL)
          .file(path).at(start).build();
    }
    if (expected == EntryKind.PLAIN && tag != 0x52) {
      throw SstException.of(tag == 0x6a
              ? ErrorCode.CORRUPTION_TRIED_LOADING_FILTER_BLOCK_AS_PLAIN
              : ErrorCode.CORRUPTION_TRIED_LOADING_FINAL_BLOCK_AS_PLAIN)
          .file(path).at(start).build();
    }
    if (expected == EntryKind.FILTER && tag != 0x6a) {
      throw SstException.of(tag == 0x52
              ? ErrorCode.CORRUPTION_TRIED_LOADING_PLAIN_BLOCK_AS_FILTER
              : ErrorCode.CORRUPTION_TRIED_LOADING_FINAL_BLOCK_AS_FILTER)
          .file(path).at(start).build();
    }
    if (bodyStart == 0 && bodyLength == raw.length) {
      return raw;
    }
    return Arrays.copyOfRange(raw, bodyStart, bodyStart + bodyLength);
  }

  private static byte[] read(SeekableByteChannel ch, String path, long at, int len)
      throws SstException {
    if (len < 0) {
      throw SstException.of(ErrorCode.SYSTEM_ERROR)
          .field("kind", "InvalidInput").field("message", "block of more than 2 GiB")
          .file(path).at(at).build();
    }
    byte[] b = new byte[len];
    ByteBuffer bb = ByteBuffer.wrap(b);
    try {
      if (ch instanceof FileChannel) {
        readFully((FileChannel) ch, bb, at, path);
        return b;
      }
      synchronized (ch) {
        ch.position(at);
        while (bb.hasRemaining()) {
          if (ch.read(bb) < 0) {
            throw SystemErrors.unexpectedEof(path, at + bb.position());
          }
        }
      }
    } catch (SstException e) {
      throw e;
    } catch (IOException e) {
      throw SystemErrors.of(e, path);
    }
    return b;
  }

  private static void readFully(FileChannel ch, ByteBuffer bb, long at, String path)
      throws IOException, SstException {
    while (bb.hasRemaining()) {
      if (ch.read(bb, at + bb.position()) < 0) {
        throw SystemErrors.unexpectedEof(path, at + bb.position());
      }
    }
  }
}
