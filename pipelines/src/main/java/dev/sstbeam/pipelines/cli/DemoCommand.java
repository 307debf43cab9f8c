package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.BlockRange;
import dev.sstbeam.format.log.LogChecksum;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.pipelines.demo.DemoLog;
import dev.sstbeam.pipelines.demo.MoreDemoLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code demo}: writes a sample log ({@link DemoLog}), reads it back sequentially, by block ranges
 * in parallel, and block by block, checks that every reading returns the records and the setsum
 * the writer reported, and prints what it did and how fast; then converts the logs to tables,
 * audits them, compacts the tables under a gc policy, verifies the compaction and looks keys up.
 * Exit status 1 if anything disagrees.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Write sample logs, read them back in parallel, convert them to tables and audit them.",
      "Reads the main log sequentially, by 1 MiB block ranges in parallel, and block by block,",
      "checking every reading against the writer (record count and setsum); then runs",
      "sst convert, sst audit, sst compact, sst verify-gc and sst get on the direct runner."
    })
public final class DemoCommand extends ToolCommand {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the logs and tables (created if needed; default: a new temporary directory).")
  Path dir;

  @Option(names = "--records", paramLabel = "N",
      description = "Records to write, at least 1000 (default: ${DEFAULT-VALUE}).")
  int records = 300_000;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for the parallel reads (default: the number of processors, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the record generator; the same seed writes the same log (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  /** The demo compaction's policy: the 2 newest versions, and all of the last minute. */
  static final String COMPACTION_POLICY = "any(versions = 2, ttl_micros = 60000000)";
  /** Its now: 30 s after later.log's clock starts, so all of later.log is in the last minute. */
  static final long COMPACTION_NOW = 1_800_000_030_000_000L;

  private final List<String> failures = new ArrayList<>();

  @Override
  protected int run() throws IOException {
    if (records < 1000) {
      throw new ParameterException(spec.commandLine(), "--records must be at least 1000");
    }
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    Path where = dir == null ? Files.createTempDirectory("sst-demo-") : Files.createDirectories(dir);
    Path log = where.resolve("demo.log");
    println("sst demo: writing a sample log of " + n(records) + " records to " + log);
    out().flush();

    DemoLog.Written w = DemoLog.write(log, records, seed);
    describe(w);

    long t = System.nanoTime();
    Reading sequential = readSequentially(log);
    long sequentialNanos = System.nanoTime() - t;

    t = System.nanoTime();
    LogRanges plan = LogRanges.plan(log);
    LogChecksum parallel = LogChecksum.of(plan, new BlockRange(0, plan.blocks()), threads);
    long parallelNanos = System.nanoTime() - t;

    t = System.nanoTime();
    Reading blockByBlock = readBlockByBlock(plan);
    long blockNanos = System.nanoTime() - t;

    long midPayload = 0;
    for (long k = 1; k < plan.blocks(); k++) {
      midPayload += plan.isMidPayload(k) ? 1 : 0;
    }
    println(String.format(Locale.ROOT,
        "file      %s bytes (%.1f MiB) in %s blocks of 1 MiB; %s block boundar%s inside a"
            + " frame's payload",
        n(w.fileSize), w.fileSize / 1048576.0, n(plan.blocks()), n(midPayload),
        midPayload == 1 ? "y falls" : "ies fall"));
    println("setsum    " + w.setsum.hexDigest() + "  (from the writer's seal())");
    println("");
    println(String.format(Locale.ROOT, "%-26s %8s %9s %10s  %s", "", "seconds", "MB/s", "records", "setsum"));
    row("write", w.nanos, w.fileSize, w.records, "the writer's", "(generate, encode, hash, write, fsync)");
    row("read sequentially", sequentialNanos, w.fileSize, sequential.records,
        verdict("sequential read", w, sequential.records, sequential.setsum), "");
    row("read block ranges", parallelNanos, w.fileSize, parallel.records(),
        verdict("parallel block-range read", w, parallel.records(), parallel.setsum()),
        "(" + threads + " thread" + (threads == 1 ? "" : "s") + ", ranges of up to 16 blocks)");
    row("read block by block", blockNanos, w.fileSize, blockByBlock.records,
        verdict("block-by-block read", w, blockByBlock.records, blockByBlock.setsum),
        "(" + n(plan.blocks()) + " ranges of one block)");
    long secondBlock = LogRanges.blockOf(w.fullBatchSecondFrame());
    if (secondBlock + 1 >= plan.blocks() || !plan.isMidPayload(secondBlock + 1)) {
      failures.add("the plan does not see the 1 MiB batch's SECOND frame crossing boundary "
          + (secondBlock + 1));
    }
    println("");
    if (!failures.isEmpty()) {
      return fail("FAILED: " + String.join("; ", failures));
    }
    println("All checks passed: reading the log sequentially, by block ranges in parallel, and"
        + " block by block");
    println("gives back exactly the records the writer wrote (same count, same setsum).");
    println("");

    // Part 2: more logs, then the Beam jobs: convert to sorted tables, audit with setsums.
    Path later = where.resolve("later.log");
    Path replay = where.resolve("replay.log");
    long laterRecords = MoreDemoLogs.writeLater(later, Math.max(1000, records / 3), seed + 1);
    long replayed = MoreDemoLogs.writeReplay(later, replay, (int) Math.min(1000, laterRecords));
    println("wrote     " + later + ": " + n(laterRecords)
        + " newer versions of the same user keys");
    println("wrote     " + replay + ": the first " + n(replayed) + " records of later.log again"
        + " (exact duplicates)");
    println("");
    String logs = where.resolve("*.log").toString();
    Path tables = where.resolve("tables");
    println("$ sst convert --input '" + logs + "' --output " + tables
        + " --partitions 4 --sst-target-file-size 8388608");
    out().flush();
    CommandLine root = spec.commandLine().getParent();
    int converted = root.execute("convert", "--input", logs, "--output", tables.toString(),
        "--partitions", "4", "--sst-target-file-size", "8388608");
    if (converted != OK) {
      return fail("FAILED: sst convert exited with " + converted);
    }
    println("");
    println("$ sst audit --logs '" + logs + "' --tables " + tables);
    out().flush();
    int audited = root.execute("audit", "--logs", logs, "--tables", tables.toString());
    if (audited != OK) {
      return fail("FAILED: sst audit exited with " + audited);
    }
    println("");

    // Part 3: a compaction of the tables under a gc policy, checked by the second specification.
    Path compacted = where.resolve("compacted");
    String nowMicros = Long.toString(COMPACTION_NOW);
    println("$ sst compact --tables " + tables + " --policy '" + COMPACTION_POLICY + "' --now-micros "
        + nowMicros + " --output " + compacted + " --partitions 4");
    println("  # keep each key's 2 newest versions, and every version of the minute before now");
    out().flush();
    int compactedStatus = root.execute("compact", "--tables", tables.toString(), "--policy",
        COMPACTION_POLICY, "--now-micros", nowMicros, "--output", compacted.toString(),
        "--partitions", "4", "--sst-target-file-size", "8388608");
    if (compactedStatus != OK) {
      return fail("FAILED: sst compact exited with " + compactedStatus);
    }
    println("");
    println("$ sst verify-gc --output " + compacted + " --partitions 4");
    println("  # recompute what the policy requires, independently of the compactor, and check");
    out().flush();
    int verified = root.execute("verify-gc", "--output", compacted.toString(), "--partitions", "4");
    if (verified != OK) {
      return fail("FAILED: sst verify-gc exited with " + verified);
    }
    println("");
    println("$ sst get --tables " + compacted + " user00000000 user00000001 nokey");
    out().flush();
    int got = root.execute("get", "--tables", compacted.toString(), "user00000000", "user00000001",
        "nokey");
    if (got != OK) {
      return fail("FAILED: sst get exited with " + got);
    }
    println("");
    String p = shellQuoted(log.toString());
    String tq = shellQuoted(tables.toString());
    println("Look at it:");
    println("  ./sst log-dump " + p + " | head");
    println("  ./sst log-dump --blocks " + (secondBlock - 1) + ":" + secondBlock + " " + p
        + " | tail -3 | cut -c1-100   # the last records block " + (secondBlock - 1)
        + " owns: the 1 MiB batch");
    println("  ./sst log-checksum --blocks 0:" + secondBlock + " " + p
        + "; ./sst log-checksum --blocks " + secondBlock + ":" + plan.blocks() + " " + p);
    println("                      # the two setsums add up to the whole (try ./sst setsum-calculator)");
    println("  cat " + tq + "/MANIFEST.json");
    println("  ./sst sst-dump " + tq + "/part-00000-00000.sst | head");
    println("  ./sst sst-inspect " + tq + "/part-00000-00000.sst | head");
    println("  ./sst sst-checksum " + tq + "/*.sst");
    println("  ./sst audit --logs " + shellQuoted(where.resolve("demo.log").toString()) + " --tables " + tq
        + "   # MISMATCH: two logs are missing");
    String cq = shellQuoted(compacted.toString());
    println("  cat " + cq + "/MANIFEST.json   # generation 1: parents, policy, now, collected");
    println("  ./sst verify-gc --output " + cq + " --policy 'versions = 1'   # FAILED: not the"
        + " manifest's policy");
    println("  ./sst get --tables " + cq + " --at 1700000000100000 user00000000   # as of then");
    println("Remove it with: rm -r " + shellQuoted(where.toString()));
    return OK;
  }

  private void describe(DemoLog.Written w) {
    println(String.format(Locale.ROOT,
        "wrote     %s records (%s puts, %s tombstones) in %s write batches",
        n(w.records), n(w.puts), n(w.tombstones), n(w.batches)));
    println(String.format(Locale.ROOT,
        "          %s user keys, %s of them with several versions; values of 0 bytes to 32 KiB",
        n(w.distinctUserKeys), n(w.userKeysWithSeveralVersions)));
    long block = LogRanges.blockOf(w.fullBatchSecondFrame());
    println(String.format(Locale.ROOT,
        "          a batch of exactly 1 MiB (%s records) at offset %s, 20 bytes before block %s:",
        n(w.fullBatchRecords), n(w.fullBatchStart), n(block)));
    println(String.format(Locale.ROOT,
        "          its SECOND frame fills block %s and runs 11 bytes into block %s"
            + " (%s filler records put it there)",
        n(block), n(block + 1), n(w.fillerRecords)));
  }

  private void row(String what, long nanos, long bytes, long count, String setsum, String note) {
    double seconds = nanos / 1e9;
    println(String.format(Locale.ROOT, "%-26s %8.2f %9.1f %10s  %s %s",
        what, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), n(count), setsum, note).stripTrailing());
    out().flush();
  }

  private String verdict(String what, DemoLog.Written w, long count, Setsum setsum) {
    if (count != w.records) {
      failures.add(what + " returned " + count + " records, the writer wrote " + w.records);
    }
    if (!setsum.equals(w.setsum)) {
      failures.add(what + " setsum " + setsum.hexDigest() + " differs from the writer's");
      return "DIFFERENT " + setsum.hexDigest();
    }
    return count == w.records ? "same" : "same setsum, different count";
  }

  private static Reading readSequentially(Path log) throws SstException {
    Setsum s = new Setsum();
    long count = 0;
    try (LogReader reader = LogReader.open(log)) {
      KeyValue kv;
      while ((kv = reader.next()) != null) {
        s.insert(kv);
        count++;
      }
    }
    return new Reading(count, s);
  }

  /** Every block as its own range, on the demo's threads: checks the ownership of every boundary. */
  private Reading readBlockByBlock(LogRanges plan) throws SstException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LogChecksum>> parts = new ArrayList<>();
      for (long k = 0; k < plan.blocks(); k++) {
        BlockRange one = new BlockRange(k, k + 1);
        parts.add(pool.submit(() -> LogChecksum.of(plan, one, 1)));
      }
      Setsum s = new Setsum();
      long count = 0;
      for (Future<LogChecksum> f : parts) {
        LogChecksum c = get(f);
        s.add(c.setsum());
        count += c.records();
      }
      return new Reading(count, s);
    } finally {
      pool.shutdownNow();
    }
  }

  private static LogChecksum get(Future<LogChecksum> f) throws SstException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SstException) {
        throw (SstException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String shellQuoted(String s) {
    return s.matches("[A-Za-z0-9/._+:=@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static final class Reading {
    final long records;
    final Setsum setsum;

    Reading(long records, Setsum setsum) {
      this.records = records;
      this.setsum = setsum;
    }
  }
}
