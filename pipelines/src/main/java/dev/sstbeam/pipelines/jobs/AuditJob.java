package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.RecordTotals;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstChecksum;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The setsum audit as a pipeline. The logs side is the setsum and count of every record of the
 * logs, read by block ranges in parallel. The tables side recomputes each table's setsum from its
 * records (in parallel, one table per task) and compares it with the setsum stored in the table's
 * footer and in the manifest ({@code --fast} trusts the footers). The report starts with
 *
 * <pre>
 * logs SETSUM N records M files
 * tables SETSUM N records M files
 * dropped SETSUM N records
 * balance OK | balance MISMATCH difference DIFF
 * </pre>
 *
 * followed by a line for every table that does not check out. Either side may be absent.
 */
public final class AuditJob {
  private AuditJob() {}

  /** Builds the audit pipeline; the report is written to {@code resultFile}. */
  public static Pipeline build(PipelineOptions options, List<String> logs, String tablesDir,
      boolean fast, long logFiles, String resultFile) {
    Pipeline p = Pipeline.create(options);
    PCollectionView<RecordTotals> logTotals = null;
    if (!logs.isEmpty()) {
      // Only the totals of each claimed block range travel, not the records: each record is
      // hashed where it lies in the log.
      logTotals =
          p.apply("LogPatterns", Create.of(logs))
              .apply("MatchLogs", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
              .apply("OpenLogs", FileIO.readMatches())
              .apply("ReadLogs", LogIO.readFiles().totals())
              .apply("LogTotals", Combine.globally(RecordTotals.sum()))
              .apply("LogTotalsView", View.asSingleton());
    }
    PCollectionView<List<TableCheck>> tables = null;
    if (tablesDir != null) {
      String pattern = FileSystems.matchNewResource(tablesDir, true)
          .resolve("*.sst", org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE)
          .toString();
      tables =
          p.apply("MatchTables", FileIO.match().filepattern(pattern)
                  .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
              .apply("SpreadTables", Reshuffle.viaRandomKey())
              .apply("OpenTables", FileIO.readMatches())
              .apply("CheckTables", ParDo.of(new CheckTableFn(fast)))
              .setCoder(SerializableCoder.of(TableCheck.class))
              .apply("TablesView", View.asList());
    }
    List<PCollectionView<?>> sides = new ArrayList<>();
    for (PCollectionView<?> v : new PCollectionView<?>[] {logTotals, tables}) {
      if (v != null) {
        sides.add(v);
      }
    }
    p.apply("StartReport", Create.of(0))
        .apply("Report", ParDo.of(new ReportFn(resultFile, tablesDir, logFiles, fast, logTotals, tables))
            .withSideInputs(sides));
    return p;
  }

  /** What one table holds: stored and recomputed setsums and its record count, or why not. */
  static final class TableCheck implements Serializable {
    private static final long serialVersionUID = 1L;
    String file;
    String stored;
    String recomputed;
    long records;
    String error;

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TableCheck)) {
        return false;
      }
      TableCheck t = (TableCheck) o;
      return records == t.records && Objects.equals(file, t.file) && Objects.equals(stored, t.stored)
          && Objects.equals(recomputed, t.recomputed) && Objects.equals(error, t.error);
    }

    @Override
    public int hashCode() {
      return Objects.hash(file, stored, recomputed, records, error);
    }
  }

  /** Opens one table, reads its footer setsum and (unless fast) recomputes it from the records. */
  static final class CheckTableFn extends DoFn<FileIO.ReadableFile, TableCheck> {
    private static final long serialVersionUID = 1L;
    private final boolean fast;

    CheckTableFn(boolean fast) {
      this.fast = fast;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<TableCheck> out)
        throws IOException {
      TableCheck check = new TableCheck();
      check.file = file.getMetadata().resourceId().getFilename();
      String name = file.getMetadata().resourceId().toString();
      try (Sst sst = Sst.open(seekable(file.open(), name), name)) {
        check.stored = sst.fastSetsum().hexDigest();
        if (!fast) {
          // Every data block, each item hashed where it lies in the block.
          SstChecksum sum = SstChecksum.of(sst, 1);
          check.recomputed = sum.setsum().hexDigest();
          check.records = sum.items();
        }
      } catch (SstException e) {
        check.error = e.getMessage();
      }
      out.output(check);
    }

    private static SeekableByteChannel seekable(ReadableByteChannel ch, String name) throws IOException {
      if (!(ch instanceof SeekableByteChannel)) {
        ch.close();
        throw new IOException("cannot seek in " + name);
      }
      return (SeekableByteChannel) ch;
    }
  }

  /** Puts the sides together into the report. */
  static final class ReportFn extends DoFn<Integer, Void> {
    private static final long serialVersionUID = 1L;
    private final String resultFile;
    private final String tablesDir;
    private final long logFiles;
    private final boolean fast;
    private final PCollectionView<RecordTotals> logTotals;
    private final PCollectionView<List<TableCheck>> tables;

    ReportFn(String resultFile, String tablesDir, long logFiles, boolean fast,
        PCollectionView<RecordTotals> logTotals, PCollectionView<List<TableCheck>> tables) {
      this.resultFile = resultFile;
      this.tablesDir = tablesDir;
      this.logFiles = logFiles;
      this.fast = fast;
      this.logTotals = logTotals;
      this.tables = tables;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      StringBuilder report = new StringBuilder();
      List<String> problems = new ArrayList<>();
      Setsum logs = null;
      if (logTotals != null) {
        RecordTotals totals = c.sideInput(logTotals);
        logs = totals.setsum();
        report.append("logs ").append(logs.hexDigest()).append(' ').append(totals.records())
            .append(" records ").append(logFiles).append(" files\n");
      }
      Setsum expected = null;
      SstManifest manifest = null;
      if (tables != null) {
        List<TableCheck> checks = new ArrayList<>(c.sideInput(tables));
        checks.sort(Comparator.comparing(t -> t.file));
        manifest = readManifest(problems);
        Map<String, SstManifest.Table> listed = new HashMap<>();
        long records = 0;
        if (manifest != null) {
          for (SstManifest.Table t : manifest.tables) {
            listed.put(t.file, t);
          }
        }
        Setsum total = new Setsum();
        for (TableCheck t : checks) {
          SstManifest.Table entry = listed.remove(t.file);
          if (t.error != null) {
            problems.add("table " + t.file + " UNREADABLE " + t.error);
            continue;
          }
          String value = fast ? t.stored : t.recomputed;
          total.add(Setsum.fromHexDigest(value));
          records += fast ? (entry == null ? 0 : entry.records) : t.records;
          if (!fast && !t.recomputed.equals(t.stored)) {
            problems.add("table " + t.file + " MISMATCH stored " + t.stored + " recomputed " + t.recomputed);
          }
          if (manifest != null && entry == null) {
            problems.add("table " + t.file + " NOT IN MANIFEST");
          } else if (entry != null && !entry.setsum.equals(value)) {
            problems.add("table " + t.file + " MISMATCH manifest " + entry.setsum + " table " + value);
          } else if (entry != null && !fast && entry.records != t.records) {
            problems.add("table " + t.file + " MISMATCH manifest records " + entry.records + " table " + t.records);
          }
        }
        for (String missing : listed.keySet()) {
          problems.add("table " + missing + " MISSING (listed in the manifest)");
        }
        report.append("tables ").append(total.hexDigest()).append(' ').append(records)
            .append(" records ").append(checks.size()).append(" files\n");
        Setsum dropped = manifest == null ? new Setsum() : manifest.droppedSetsum();
        report.append("dropped ").append(dropped.hexDigest()).append(' ')
            .append(manifest == null ? 0 : manifest.dropped.records).append(" records\n");
        if (manifest != null && !manifest.setsum.equals(total.hexDigest())) {
          problems.add("manifest setsum " + manifest.setsum + " != tables " + total.hexDigest());
        }
        expected = total.plus(dropped);
      }
      if (logs != null || tables != null) {
        boolean balanced = problems.isEmpty() && (logs == null || expected == null || logs.equals(expected));
        if (balanced) {
          report.append("balance OK\n");
        } else {
          report.append("balance MISMATCH");
          if (logs != null && expected != null) {
            report.append(" difference ").append(logs.minus(expected).hexDigest());
          }
          report.append('\n');
          if (logs != null && manifest != null && manifest.compaction != null) {
            report.append("note: the tables are generation ").append(manifest.generation)
                .append(", a compaction, whose policy collected records the logs still hold; check it"
                    + " with sst verify-gc, and audit the logs against the first generation\n");
          }
        }
      }
      for (String problem : problems) {
        report.append(problem).append('\n');
      }
      ResultFile.write(resultFile, report.toString());
    }

    private SstManifest readManifest(List<String> problems) {
      try {
        return SstManifest.readFromDirectory(tablesDir);
      } catch (IOException e) {
        problems.add("manifest " + SstManifest.FILE_NAME + " UNREADABLE " + e.getMessage());
        return null;
      }
    }
  }
}
