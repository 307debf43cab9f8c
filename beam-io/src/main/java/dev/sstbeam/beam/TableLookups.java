package dev.sstbeam.beam;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstLoader;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Point lookups in a table set (a {@code MANIFEST.json} and its tables) without a pipeline: each
 * key goes only to the table whose manifest key range holds it (a key outside every range is
 * absent without opening anything); in a table the bloom filter is asked first, then the table is
 * read by seeks, the requests in key order, through one cursor ({@link SstLoader}), so each table
 * is opened once per batch. {@link SstIO#lookup()} does the same in a pipeline; the {@code sst
 * get} command uses this directly.
 *
 * <pre>{@code
 * TableLookups tables = TableLookups.open("/data/tables");
 * List<LookupResult> results = tables.lookUp(List.of(LookupRequest.latest(key)));
 * }</pre>
 */
public final class TableLookups implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of();

  private final String directory;
  private final List<String> files;
  private final byte[][] firstKeys;
  private final byte[][] lastKeys;

  private TableLookups(String directory, List<String> files, byte[][] firstKeys, byte[][] lastKeys) {
    this.directory = directory;
    this.files = files;
    this.firstKeys = firstKeys;
    this.lastKeys = lastKeys;
  }

  /** Reads the manifest of a table set: its directory, or the manifest's path. */
  public static TableLookups open(String directoryOrManifest) throws IOException {
    ResourceId manifestFile = ListManifestTablesFn.manifestFile(directoryOrManifest);
    SstManifest m = SstManifest.read(manifestFile);
    ResourceId dir = manifestFile.getCurrentDirectory();
    List<String> files = new ArrayList<>();
    byte[][] first = new byte[m.tables.size()][];
    byte[][] last = new byte[m.tables.size()][];
    for (int i = 0; i < m.tables.size(); i++) {
      SstManifest.Table t = m.tables.get(i);
      files.add(dir.resolve(t.file, StandardResolveOptions.RESOLVE_FILE).toString());
      first[i] = HEX.parseHex(t.firstKey);
      last[i] = HEX.parseHex(t.lastKey);
      if (Arrays.compareUnsigned(first[i], last[i]) > 0
          || (i > 0 && Arrays.compareUnsigned(last[i - 1], first[i]) >= 0)) {
        throw new IOException(manifestFile + ": the key range of " + t.file
            + " is empty or overlaps the table before it; lookups need sorted, disjoint tables");
      }
    }
    return new TableLookups(dir.toString(), List.copyOf(files), first, last);
  }

  /** The set's directory. */
  public String directory() {
    return directory;
  }

  /** How many tables the set has. */
  public int tables() {
    return files.size();
  }

  /** The index of the table whose key range holds {@code key}, or -1 when none does. */
  public int tableOf(byte[] key) {
    int lo = 0;
    int hi = firstKeys.length - 1;
    int found = -1;
    while (lo <= hi) { // the last table whose first key is ≤ key
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(firstKeys[mid], key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && Arrays.compareUnsigned(key, lastKeys[found]) <= 0 ? found : -1;
  }

  /** The results of {@code requests}, in the same order. */
  public List<LookupResult> lookUp(List<LookupRequest> requests) throws IOException {
    Map<LookupRequest, LookupResult> answers = new IdentityHashMap<>();
    List<List<LookupRequest>> byTable = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      byTable.add(new ArrayList<>());
    }
    for (LookupRequest r : requests) {
      int t = tableOf(r.key());
      if (t < 0) {
        answers.put(r, LookupResult.absent(r));
      } else {
        byTable.get(t).add(r);
      }
    }
    for (int t = 0; t < byTable.size(); t++) {
      if (!byTable.get(t).isEmpty()) {
        for (LookupResult result : lookUpInTable(t, byTable.get(t))) {
          answers.put(result.request(), result);
        }
      }
    }
    List<LookupResult> out = new ArrayList<>(requests.size());
    for (LookupRequest r : requests) {
      out.add(answers.get(r));
    }
    return out;
  }

  /**
   * The results of requests whose keys all lie in table {@code table}'s range, in key order (the
   * newest requested timestamp of a key first): the table is opened once and read by seeks.
   */
  public List<LookupResult> lookUpInTable(int table, List<LookupRequest> requests) throws IOException {
    List<LookupRequest> sorted = new ArrayList<>(requests);
    sorted.sort(ORDER);
    String file = files.get(table);
    List<LookupResult> out = new ArrayList<>(sorted.size());
    try (Sst sst = Sst.open(BeamFiles.openSeekable(FileSystems.matchNewResource(file, false)), file);
        SstLoader loader = sst.loader()) {
      for (LookupRequest r : sorted) {
        KeyValue kv = loader.load(r.key(), r.timestamp());
        out.add(kv == null || kv.isTombstone()
            ? LookupResult.absent(r)
            : LookupResult.found(r, kv.timestamp(), kv.value()));
      }
    } catch (SstException e) {
      throw e.inFile(file);
    }
    return out;
  }

  /** Table order: key ascending, then timestamp descending. */
  static final Comparator<LookupRequest> ORDER =
      (a, b) -> KeyOrder.compare(a.key(), a.timestamp(), b.key(), b.timestamp());
}
