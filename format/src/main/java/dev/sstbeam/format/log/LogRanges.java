package dev.sstbeam.format.log;

import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact reading of a log by ranges of whole 1 MiB blocks (FORMAT.md §4.9), the unit of parallel
 * reading.
 *
 * <p>A record belongs to the block holding its first byte. The reader for {@code [a, b)} returns
 * exactly the records starting in {@code [a·B, b·B)}, reading past {@code b·B} to complete the last
 * one, so the ranges of any partition of a file's blocks return, concatenated, exactly what the
 * sequential reader returns.
 *
 * <p>Where a range starts depends on what is at {@code a·B}: a record's first frame (start there);
 * the SECOND frame of a record owned by block {@code a−1} (skip that frame); or — only after a
 * batch of at least B − 10 bytes — the middle of a SECOND frame that began at {@code (a−1)·B}
 * (resume where that frame ends). The last case cannot be recognised from the bytes at {@code a·B},
 * which are user data, so it is derived from the boundary before: {@link #plan} walks every
 * boundary header once (≤ 20 bytes per MiB, procedure A); {@link #openRange} walks back only as far
 * as needed (the local rule).
 */
public final class LogRanges {
  /** The log block size B. */
  public static final long BLOCK_SIZE = Limits.LOG_BLOCK_SIZE;
  private static final int PROBE_BUFFER = 64;

  private final Path path;
  private final long fileSize;
  private final LogOptions options;
  /** For each block k: the offset where reading must resume if k·B is mid-payload, else -1. */
  private final long[] midPayloadResume;

  private LogRanges(Path path, long fileSize, LogOptions options, long[] resume) {
    this.path = path;
    this.fileSize = fileSize;
    this.options = options;
    this.midPayloadResume = resume;
  }

  /** The number of blocks of a file of {@code fileSize} bytes: ceil(size / B). */
  public static long blockCount(long fileSize) {
    return (fileSize + BLOCK_SIZE - 1) / BLOCK_SIZE;
  }

  /** The block holding file offset {@code offset}. */
  public static long blockOf(long offset) {
    return offset / BLOCK_SIZE;
  }

  /** Plans {@code path}: classifies every block boundary with one cheap sequential pass. */
  public static LogRanges plan(Path path) throws SstException {
    return plan(path, LogOptions.DEFAULT);
  }

  /** Plans {@code path}: classifies every block boundary with one cheap sequential pass. */
  public static LogRanges plan(Path path, LogOptions options) throws SstException {
    try (LogInput in = LogInput.open(path, PROBE_BUFFER)) {
      long blocks = blockCount(in.size());
      if (blocks > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("log too large to plan: " + in.size() + " bytes");
      }
      long[] resume = new long[(int) blocks];
      if (blocks > 0) {
        resume[0] = -1;
      }
      for (int k = 1; k < blocks; k++) {
        resume[k] = resume[k - 1] < 0 ? crossingSecondEnd(in, k - 1) : -1;
      }
      return new LogRanges(path, in.size(), options, resume);
    } catch (IOException e) {
      throw SystemErrors.of(e, path, -1);
    }
  }

  public Path path() {
    return path;
  }

  public long fileSize() {
    return fileSize;
  }

  public long blocks() {
    return midPayloadResume.length;
  }

  /** True when boundary {@code k·B} falls inside the payload of a SECOND frame. */
  public boolean isMidPayload(long block) {
    return midPayloadResume[(int) block] >= 0;
  }

  /** Cuts the file's blocks into consecutive ranges of at most {@code blocksPerRange} blocks. */
  public List<BlockRange> split(long blocksPerRange) {
    if (blocksPerRange < 1) {
      throw new IllegalArgumentException("blocksPerRange must be at least 1");
    }
    List<BlockRange> out = new ArrayList<>();
    for (long a = 0; a < blocks(); a += blocksPerRange) {
      out.add(new BlockRange(a, Math.min(blocks(), a + blocksPerRange)));
    }
    return out;
  }

  /** A reader of the records owned by blocks {@code [firstBlock, endBlock)}. */
  public LogReader open(long firstBlock, long endBlock) throws SstException {
    return open(firstBlock, endBlock, null);
  }

  /**
   * {@link #open(long, long)} reading through {@code buffer} ({@link #readBufferLength()} bytes,
   * reused by one thread from one range to the next), or a new buffer when it is null.
   */
  LogReader open(long firstBlock, long endBlock, byte[] buffer) throws SstException {
    checkRange(firstBlock, endBlock);
    LogInput in = openInput(path, buffer, options);
    try {
      long start =
          firstBlock >= blocks()
              ? fileSize
              : startOffset(in, firstBlock, firstBlock == 0 ? -1 : midPayloadResume[(int) firstBlock]);
      return new LogReader(in, start, endBlock * BLOCK_SIZE);
    } catch (IOException e) {
      closeQuietly(in);
      throw SystemErrors.of(e, path, -1);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  /** A reader of the records owned by blocks {@code [firstBlock, endBlock)}. */
  public LogReader open(BlockRange range) throws SstException {
    return open(range.firstBlock(), range.endBlock());
  }

  /** The length of the read buffer a reader of this log gets. */
  int readBufferLength() {
    return LogInput.bufferLength(options.readBuffer(), fileSize);
  }

  /**
   * A reader of blocks {@code [firstBlock, endBlock)} of {@code path} without planning the whole
   * file: classifies boundary {@code firstBlock·B} by walking back over the boundaries before it
   * only while they hold SECOND frames that cross into the next block (FORMAT.md §4.9, local
   * rule), which for ordinary logs is one header read.
   */
  public static LogReader openRange(Path path, long firstBlock, long endBlock, LogOptions options)
      throws SstException {
    checkRange(firstBlock, endBlock);
    return openRange(openInput(path, null, options), firstBlock, endBlock);
  }

  /**
   * As {@link #openRange(Path, long, long, LogOptions)} over any seekable channel (e.g. one from
   * Beam's FileSystems); the reader owns the channel and closes it.
   */
  public static LogReader openRange(SeekableByteChannel channel, String name, long firstBlock,
      long endBlock, LogOptions options) throws SstException {
    checkRange(firstBlock, endBlock);
    LogInput in;
    try {
      in = new LogInput(name, channel, true, options.readBuffer());
    } catch (IOException e) {
      throw SystemErrors.of(e, name, -1);
    }
    return openRange(in, firstBlock, endBlock);
  }

  private static LogReader openRange(LogInput in, long firstBlock, long endBlock)
      throws SstException {
    try {
      long start = in.size();
      if (firstBlock < blockCount(in.size())) {
        start = startOffset(in, firstBlock, firstBlock == 0 ? -1 : resumeByWalkBack(in, firstBlock));
      }
      return new LogReader(in, start, endBlock * BLOCK_SIZE);
    } catch (IOException e) {
      closeQuietly(in);
      throw SystemErrors.of(e, in.path(), -1);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  /** {@link #openRange(Path, long, long, LogOptions)} with default options. */
  public static LogReader openRange(Path path, long firstBlock, long endBlock) throws SstException {
    return openRange(path, firstBlock, endBlock, LogOptions.DEFAULT);
  }

  /** The local rule: -1 if boundary {@code a·B} holds a header, else the resume offset. */
  private static long resumeByWalkBack(LogInput in, long a) throws IOException {
    long j = a - 1;
    while (j >= 1 && crossingSecondEnd(in, j) >= 0) {
      j--;
    }
    // Boundary j+1 (or 0) is certainly a header: run procedure A forward from there to a.
    long k = j >= 1 ? j + 1 : 0;
    long resume = -1;
    for (; k < a; k++) {
      resume = resume < 0 ? crossingSecondEnd(in, k) : -1;
    }
    return resume;
  }

  /**
   * Procedure B's starting point for block {@code a} (> 0 unless {@code a == 0}): after the
   * crossing SECOND if mid-payload; after the SECOND frame at {@code a·B} if there is one (its
   * record belongs to block a−1); else {@code a·B}.
   */
  private static long startOffset(LogInput in, long a, long midResume) throws IOException {
    if (midResume >= 0) {
      return midResume;
    }
    long at = a * BLOCK_SIZE;
    if (a == 0) {
      return 0;
    }
    long[] frame = probeHeader(in, at);
    if (frame != null && frame[0] == LogWriter.SECOND) {
      return at + frame[1];
    }
    return at;
  }

  /**
   * If the frame header at boundary {@code k·B} is a SECOND whose frame runs past
   * {@code (k+1)·B}, the offset where that frame ends; otherwise -1.
   */
  private static long crossingSecondEnd(LogInput in, long k) throws IOException {
    long at = k * BLOCK_SIZE;
    long[] frame = probeHeader(in, at);
    if (frame == null || frame[0] != LogWriter.SECOND) {
      return -1;
    }
    long end = at + frame[1];
    return end > at + BLOCK_SIZE ? end : -1;
  }

  /**
   * Parses the frame header at {@code at}: returns {discriminant, total frame length} or null when
   * the bytes there are not a well-formed header (padding, garbage, end of file).
   */
  private static long[] probeHeader(LogInput in, long at) throws IOException {
    byte[] h = new byte[Limits.LOG_HEADER_MAX_SIZE + 1];
    in.seek(at);
    int n = in.read(h, 0, h.length);
    if (n < 1) {
      return null;
    }
    int hlen = h[0] & 0xff;
    if (hlen == 0 || hlen > Limits.LOG_HEADER_MAX_SIZE || hlen + 1 > n) {
      return null;
    }
    long size = 0;
    long disc = 0;
    WireReader r = new WireReader(h, 1, 1 + hlen);
    try {
      while (r.hasRemaining()) {
        int tag = r.readTag();
        if (tag == (10 << 3)) {
          size = r.readVarint();
        } else if (tag == (11 << 3)) {
          disc = r.readVarint();
        } else {
          r.skipValue(tag & 7);
        }
      }
    } catch (WireException e) {
      return null;
    }
    if (Long.compareUnsigned(size, Limits.TABLE_FULL_SIZE) > 0) {
      return null;
    }
    return new long[] {disc, 1 + hlen + size};
  }

  private static void checkRange(long firstBlock, long endBlock) {
    if (firstBlock < 0 || endBlock < firstBlock) {
      throw new IllegalArgumentException("bad block range [" + firstBlock + ", " + endBlock + ")");
    }
  }

  /** {@code path} read through {@code buffer}, or a new buffer when it is null. */
  private static LogInput openInput(Path path, byte[] buffer, LogOptions options)
      throws SstException {
    try {
      return LogInput.open(path, buffer, options.readBuffer());
    } catch (IOException e) {
      throw SystemErrors.of(e, path, -1);
    }
  }

  private static void closeQuietly(LogInput in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The original failure is what the caller needs to see.
    }
  }
}
