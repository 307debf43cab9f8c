package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.BlockMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sst convert} then {@code sst audit}, driven as a user would. */
class ConvertAndAuditTest {
  @TempDir Path dir;

  /**
   * Two logs of puts and tombstones with several versions per key; the second also repeats 50
   * records of the first (exact duplicates).
   */
  private String writeLogs() throws Exception {
    Random random = new Random(7);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    WriteBatch repeated = new WriteBatch();
    for (int f = 0; f < 2; f++) {
      LogWriter w = LogWriter.create(logs.resolve("part" + f + ".log"));
      for (int b = 0; b < 400; b++) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 10; i++) {
          byte[] key = ("key" + random.nextInt(1500)).getBytes(StandardCharsets.US_ASCII);
          long ts = f * 1_000_000L + b * 10L + i;
          KeyValue kv = random.nextInt(10) == 0
              ? KeyValue.del(key, ts)
              : KeyValue.put(key, ts, new byte[random.nextInt(300)]);
          batch.add(kv);
          if (f == 0 && b < 50 && i == 0) {
            repeated.add(kv);
          }
        }
        w.append(batch);
      }
      if (f == 1) {
        w.append(repeated);
      }
      w.seal();
    }
    return logs.resolve("*.log").toString();
  }

  @Test
  void convertDropsExactDuplicatesAndTheAuditBalances() throws Exception {
    String logs = writeLogs();
    Path tables = dir.resolve("tables");
    Cli.Result c = Cli.run("convert", "--input", logs, "--output", tables.toString(),
        "--partitions", "3", "--sst-target-file-size", "16384").ok();
    assertTrue(c.out.contains("converted 8,050 records from 2 logs"), c.out);
    assertTrue(c.out.contains(" 50 duplicates dropped"), c.out);
    assertTrue(c.out.contains("\nbalance OK\n"), c.out);

    Cli.Result a = Cli.run("audit", "--logs", logs, "--tables", tables.toString()).ok();
    List<String> lines = a.out.lines().toList();
    assertTrue(lines.get(0).matches("logs [0-9a-f]{64} 8050 records 2 files"), a.out);
    assertTrue(lines.get(1).matches("tables [0-9a-f]{64} 8000 records \\d+ files"), a.out);
    assertTrue(lines.get(2).matches("dropped [0-9a-f]{64} 50 records"), a.out);
    assertEquals("balance OK", lines.get(3), a.out);
    assertEquals(4, lines.size(), a.out);
    Cli.run("audit", "--tables", tables.toString(), "--fast").ok();
  }

  @Test
  void auditFindsAMissingLog() throws Exception {
    String logs = writeLogs();
    Path tables = dir.resolve("tables");
    Cli.run("convert", "--input", logs, "--output", tables.toString()).ok();
    Cli.Result a = Cli.run("audit", "--logs", dir.resolve("logs/part0.log").toString(),
        "--tables", tables.toString());
    assertEquals(1, a.status);
    assertTrue(a.out.contains("\nbalance MISMATCH difference "), a.out);
  }

  @Test
  void auditNamesATableWhoseBytesWereAltered() throws Exception {
    String logs = writeLogs();
    Path tables = dir.resolve("tables");
    Cli.run("convert", "--input", logs, "--output", tables.toString(), "--partitions", "2").ok();
    Path victim = tables.resolve("part-00001-00000.sst");
    BlockMetadata block;
    try (Sst sst = Sst.open(victim)) {
      block = sst.dataBlocks().get(1);
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[(int) block.start() + 20] ^= 1;
    Files.write(victim, bytes);

    Cli.Result a = Cli.run("audit", "--logs", logs, "--tables", tables.toString());
    assertEquals(1, a.status, a.out);
    assertTrue(a.out.contains("\nbalance MISMATCH"), a.out);
    assertTrue(a.out.contains("table part-00001-00000.sst UNREADABLE crc32c-failure"), a.out);
    // The footers alone do not show it.
    Cli.run("audit", "--logs", logs, "--tables", tables.toString(), "--fast").ok();
  }

  @Test
  void auditNamesATableWhoseFooterSetsumWasAltered() throws Exception {
    String logs = writeLogs();
    Path tables = dir.resolve("tables");
    Cli.run("convert", "--input", logs, "--output", tables.toString(), "--partitions", "2").ok();
    Path victim = tables.resolve("part-00000-00000.sst");
    byte[] bytes = Files.readAllBytes(victim);
    // The setsum sits 47 bytes before the end: 32 bytes, then a0 01 ts a8 01 ts 91 01 LE64.
    int at = indexOfSetsumTag(bytes);
    bytes[at + 3] ^= 1;
    Files.write(victim, bytes);
    Cli.Result a = Cli.run("audit", "--tables", tables.toString());
    assertEquals(1, a.status, a.out);
    assertTrue(a.out.contains("table part-00000-00000.sst MISMATCH stored "), a.out);
  }

  @Test
  void aMissingLogIsLookedUpBeforeBeamWalksItsParentDirectory() throws Exception {
    // Beam alone would look for it in every directory of the disk, for minutes.
    Cli.run("convert", "--input", "/no-such-sst-beam-input.log", "--output",
        dir.resolve("out").toString()).failsWith("convert", "(no such file)");
    Cli.run("audit", "--logs", "/no-such-sst-beam-input.log").failsWith("audit", "(no such file)");
  }

  @Test
  void wrongInputEndsInOneLine() throws Exception {
    Cli.run("convert", "--input", dir.resolve("none/*.log").toString(), "--output",
        dir.resolve("out").toString()).failsWith("convert", "no files match");

    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.copy(Vectors.bad("log_crc_flipped.log"), bad.resolve("x.log"));
    Cli.run("convert", "--input", bad.resolve("*.log").toString(), "--output",
            dir.resolve("out").toString())
        .failsWith("convert", "corruption-crc-checksum-failed");

    String logs = writeLogs();
    Path tables = dir.resolve("tables");
    Cli.run("convert", "--input", logs, "--output", tables.toString()).ok();
    Cli.run("convert", "--input", logs, "--output", tables.toString())
        .failsWith("convert", "already holds tables");
    Cli.run("audit").failsWith("audit", "--logs");
  }

  /**
   * On the default jar, a Flink job (retry options and all) ends in one line that says how to get
   * the Flink jar; the retry options Beam ignores on batch jobs are refused there (FlinkBatchArgsTest).
   */
  @Test
  void flinkJobsOnTheDefaultJarEndInOneLineNamingTheFlinkJar() throws Exception {
    String logs = writeLogs();
    Cli.run("convert", "--input", logs, "--output", dir.resolve("flink").toString(),
            "--runner=FlinkRunner", "--numberOfExecutionRetries=3")
        .failsWith("convert", "mvn -B -Pflink");
    Cli.run("audit", "--logs", logs, "--runner=FlinkRunner", "--executionRetryDelay=1000")
        .failsWith("audit", "sst-flink.jar");
  }

  private static int indexOfSetsumTag(byte[] b) {
    for (int i = b.length - 1 - 8 - 2 - 4 - 33; i >= 0; i--) {
      if ((b[i] & 0xff) == 0x9a && b[i + 1] == 0x01 && b[i + 2] == 0x20) {
        return i;
      }
    }
    throw new AssertionError("no setsum field");
  }
}
