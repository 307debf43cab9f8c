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
    Body indexBody = readEntry(ch, path, size, f.index, EntryKind.PLAIN);
    Block index = Block.parse(indexBody.data(), indexBody.offset(), indexBody.length());
    Body filterBody = readEntry(ch, path, size, f.filter, EntryKind.FILTER);
    BloomFilter filter =
        BloomFilter.parse(filterBody.data(), filterBody.offset(), filterBody.length());
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
    Body body = readEntry(channel, path, fileSize, meta, EntryKind.PLAIN);
    return Block.parse(body.data(), body.offset(), body.length());
  }

  /**
   * The parsed data block at {@code meta}, CRC-checked, whose SstEntry has been read into
   * {@code buf} at {@code off} (for {@link DataBlockReader}; the block refers to {@code buf}).
   */
  Block dataBlock(BlockMetadata meta, byte[] buf, int off) throws SstException {
    Body body = entryBody(path, buf, off, (int) (meta.limit() - meta.start()), meta, EntryKind.PLAIN);
    return Block.parse(buf, body.offset(), body.length());
  }

  /**
   * Checks that {@code meta} lies in the file (start below limit, limit at most the file size)
   * and returns its length, as {@link #readDataBlock} does before reading.
   */
  int checkedLength(BlockMetadata meta) throws SstException {
    meta.check();
    if (Long.compareUnsigned(meta.limit(), fileSize) > 0) {
      throw SystemErrors.unexpectedEof(path, meta.start());
    }
    return checkedLength(path, meta.start(), meta.limit() - meta.start());
  }

  /**
   * Reads up to {@code len} bytes at {@code at} into {@code b[0, len)}; returns how many there were
   * before the end of the file.
   */
  int readAt(long at, byte[] b, int len) throws SstException {
    return readUpTo(channel, path, at, b, len);
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

  /**
   * The most bytes asked of the channel at once. A channel reads into an array through a
   * temporary native buffer of the request's size, which the reading thread keeps until it ends:
   * a table's index block (megabytes) read at once would keep that much native memory to the end.
   */
  private static final int MAX_READ = 256 << 10;

  private enum EntryKind { PLAIN, FILTER }

  /** An SstEntry's body: {@code length} bytes of {@code data} from {@code offset}. */
  private record Body(byte[] data, int offset, int length) {}

  /**
   * Reads the SstEntry at {@code meta}: checks start < limit, reads it and checks it
   * ({@link #entryBody}). Returns its body, in the array read.
   */
  private static Body readEntry(SeekableByteChannel ch, String path, long fileSize, BlockMetadata meta,
      EntryKind expected) throws SstException {
    meta.check();
    long start = meta.start();
    long limit = meta.limit();
    if (Long.compareUnsigned(limit, fileSize) > 0) {
      throw SystemErrors.unexpectedEof(path, start);
    }
    byte[] raw = read(ch, path, start, checkedLength(path, start, limit - start));
    return entryBody(path, raw, 0, raw.length, meta, expected);
  }

  /**
   * Checks the SstEntry of {@code meta}, read into {@code raw[off, off + len)}: decodes it (tag 52
   * plain, 6a filter, 62 final; anything else is unpack-table-entry), checks the CRC of the raw
   * bytes, then the kind. Returns its body, in {@code raw}.
   */
  private static Body entryBody(String path, byte[] raw, int off, int len, BlockMetadata meta,
      EntryKind expected) throws SstException {
    long start = meta.start();
    long limit = meta.limit();
    WireReader r = new WireReader(raw, off, off + len);
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
    return new Body(raw, bodyStart, bodyLength);
  }

  /** {@code len} as an int, or a system-error for a block of 2 GiB or more. */
  private static int checkedLength(String path, long at, long len) throws SstException {
    if (len < 0 || len > Integer.MAX_VALUE) {
      throw SstException.of(ErrorCode.SYSTEM_ERROR)
          .field("kind", "InvalidInput").field("message", "block of more than 2 GiB")
          .file(path).at(at).build();
    }
    return (int) len;
  }

  private static byte[] read(SeekableByteChannel ch, String path, long at, int len)
      throws SstException {
    byte[] b = new byte[len];
    int n = readUpTo(ch, path, at, b, len);
    if (n < len) {
      throw SystemErrors.unexpectedEof(path, at + n);
    }
    return b;
  }

  /**
   * Reads up to {@code len} bytes at {@code at} into {@code b[0, len)}: positional reads on a
   * {@link FileChannel}, else reads serialized on the channel, each of at most {@link #MAX_READ}
   * bytes. Returns how many there were before the end of the file.
   */
  private static int readUpTo(SeekableByteChannel ch, String path, long at, byte[] b, int len)
      throws SstException {
    int n = 0;
    try {
      if (ch instanceof FileChannel) {
        FileChannel fc = (FileChannel) ch;
        while (n < len) {
          int r = fc.read(ByteBuffer.wrap(b, n, Math.min(len - n, MAX_READ)), at + n);
          if (r < 0) {
            break; // the end of the file
          }
          n += r;
        }
        return n;
      }
      synchronized (ch) {
        ch.position(at);
        while (n < len) {
          int r = ch.read(ByteBuffer.wrap(b, n, Math.min(len - n, MAX_READ)));
          if (r < 0) {
            break; // the end of the file
          }
          n += r;
        }
        return n;
      }
    } catch (IOException e) {
      throw SystemErrors.of(e, path);
    }
  }
}
