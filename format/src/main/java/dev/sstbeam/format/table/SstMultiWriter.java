package dev.sstbeam.format.table;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes a sorted stream of items as a sequence of tables, starting a new table once the current
 * one reaches the target file size — but only between two different keys, so all versions of a
 * key stay in one table and the tables have disjoint, ascending key ranges. (Rust's
 * {@code SstMultiBuilder} may split a key's versions across files.)
 *
 * <p>With no items no file is created.
 */
public final class SstMultiWriter implements AutoCloseable {
  private final IntFunction<Path> naming;
  private final SstOptions options;
  private final List<Table> tables = new ArrayList<>();
  private SstWriter current;
  private byte[] lastKey;

  /**
   * @param naming the path of the i-th table (from 0); each must not exist
   * @param options table options; {@link SstOptions#targetFileSize()} is the rollover size
   */
  public SstMultiWriter(IntFunction<Path> naming, SstOptions options) {
    this.naming = naming;
    this.options = options;
  }

  /** Tables named {@code dir/<i>.sst}, like Rust's SstMultiBuilder with suffix ".sst". */
  public static SstMultiWriter numbered(Path dir, SstOptions options) {
    return new SstMultiWriter(i -> dir.resolve(i + ".sst"), options);
  }

  public void add(KeyValue kv) throws SstException {
    boolean newKey = lastKey == null || !Arrays.equals(lastKey, kv.key());
    if (current != null && newKey && current.approximateSize() >= options.targetFileSize()) {
      sealCurrent();
    }
    if (current == null) {
      current = SstWriter.create(naming.apply(tables.size()), options);
    }
    current.add(kv);
    if (newKey) {
      lastKey = kv.key();
    }
  }

  private void sealCurrent() throws SstException {
    Path p = current.target();
    long items = current.items();
    SstMetadata md = current.seal();
    tables.add(new Table(p, md, items));
    current = null;
  }

  /** Seals the open table; returns every table written, in key order. */
  public List<Table> seal() throws SstException {
    if (current != null) {
      sealCurrent();
    }
    return Collections.unmodifiableList(new ArrayList<>(tables));
  }

  /** Abandons the open table (its temporary file is deleted); sealed tables stay. */
  @Override
  public void close() {
    if (current != null) {
      current.abort();
      current = null;
    }
  }

  /** One table written: its path, metadata and item count. */
  public static final class Table {
    private final Path path;
    private final SstMetadata metadata;
    private final long items;

    Table(Path path, SstMetadata metadata, long items) {
      this.path = path;
      this.metadata = metadata;
      this.items = items;
    }

    public Path path() {
      return path;
    }

    public SstMetadata metadata() {
      return metadata;
    }

    public long items() {
      return items;
    }
  }
}
