package dev.sstbeam.format.table;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Writes a sorted stream of items as a sequence of tables, starting a new table once the current
 * one reaches the target file size — but only between two different keys, so all versions of a
 * key stay in one table and the tables have disjoint, ascending key ranges. (Rust's
 * {@code SstMultiBuilder} may split a key's versions across files.)
 *
 * <p>With no items no file is created.
 */
public final class SstMultiWriter implements AutoCloseable {
  private final TableFactory factory;
  private final SstOptions options;
  private final List<Table> tables = new ArrayList<>();
  private SstWriter current;
  private byte[] lastKey;

  /** Opens the writer of the i-th table (from 0). */
  @FunctionalInterface
  public interface TableFactory {
    SstWriter open(int index, SstOptions options) throws SstException;
  }

  /**
   * @param factory opens the i-th table
   * @param options table options; {@link SstOptions#targetFileSize()} is the rollover size
   */
  public SstMultiWriter(TableFactory factory, SstOptions options) {
    this.factory = factory;
    this.options = options;
  }

  /** Local tables named {@code dir/<i>.sst}, like Rust's SstMultiBuilder with suffix ".sst". */
  public static SstMultiWriter numbered(Path dir, SstOptions options) {
    return new SstMultiWriter((i, o) -> SstWriter.create(dir.resolve(i + ".sst"), o), options);
  }

  public void add(KeyValue kv) throws SstException {
    boolean newKey = lastKey == null || !Arrays.equals(lastKey, kv.key());
    if (current != null && newKey && current.approximateSize() >= options.targetFileSize()) {
      sealCurrent();
    }
    if (current == null) {
      current = factory.open(tables.size(), options);
    }
    current.add(kv);
    if (newKey) {
      lastKey = kv.key();
    }
  }

  private void sealCurrent() throws SstException {
    String name = current.name();
    long items = current.items();
    SstMetadata md = current.seal();
    tables.add(new Table(name, md, items));
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

  /** One table written: its name, metadata and item count. */
  public static final class Table {
    private final String name;
    private final SstMetadata metadata;
    private final long items;

    Table(String name, SstMetadata metadata, long items) {
      this.name = name;
      this.metadata = metadata;
      this.items = items;
    }

    /** The table's path (or the name given to a channel writer). */
    public String name() {
      return name;
    }

    public SstMetadata metadata() {
      return metadata;
    }

    public long items() {
      return items;
    }
  }
}
