package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.cursor.MergingCursor;
import dev.sstbeam.format.table.Sst;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The items of several sorted runs whose keys lie in {@code [lowerKey, upperKey)}, merged into
 * table order (ties in run order, so the first run's copy of a duplicate comes first). Each run
 * is a table on any Beam filesystem, read from one seek to the lower key.
 */
final class RunSlices implements AutoCloseable {
  private final List<Sst> opened;
  private final MergingCursor merge;
  private final byte[] upperKey;

  private RunSlices(List<Sst> opened, MergingCursor merge, byte[] upperKey) {
    this.opened = opened;
    this.merge = merge;
    this.upperKey = upperKey;
  }

  /** Opens the runs (Beam resource specs); a null key is unbounded on that side. */
  static RunSlices open(List<String> runs, byte[] lowerKey, byte[] upperKey) throws IOException {
    List<Sst> opened = new ArrayList<>();
    try {
      List<Cursor> cursors = new ArrayList<>();
      for (String run : runs) {
        Sst sst = Sst.open(BeamFiles.openSeekable(FileSystems.matchNewResource(run, false)), run);
        opened.add(sst);
        cursors.add(sst.cursor());
      }
      MergingCursor merge = new MergingCursor(cursors);
      if (lowerKey != null) {
        merge.seek(lowerKey);
      } else {
        merge.seekToFirst();
        merge.next();
      }
      return new RunSlices(opened, merge, upperKey);
    } catch (IOException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /** The next item of the slice, or null at its end. */
  KeyValue next() throws SstException {
    if (!merge.hasItem()
        || (upperKey != null && Arrays.compareUnsigned(merge.key(), upperKey) >= 0)) {
      return null;
    }
    KeyValue kv = merge.keyValue();
    merge.next();
    return kv;
  }

  @Override
  public void close() throws SstException {
    SstException first = null;
    for (Sst sst : opened) {
      try {
        sst.close();
      } catch (SstException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void closeAll(List<Sst> opened) {
    for (Sst sst : opened) {
      try {
        sst.close();
      } catch (SstException ignored) {
        // Report the original failure.
      }
    }
  }
}
