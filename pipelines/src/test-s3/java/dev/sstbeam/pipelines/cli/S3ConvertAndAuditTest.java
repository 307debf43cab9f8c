package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.s3.LocalS3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sst convert} and {@code sst audit} with {@code s3://} paths, as a user runs them (the jar
 * built with -Ps3), against an S3-compatible server on 127.0.0.1 ({@link LocalS3}).
 */
class S3ConvertAndAuditTest {
  private static final List<String> LOGS = List.of("max_batch", "small", "one");
  private static LocalS3 s3;
  private static String logsSetsum;
  private static long logsRecords;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("cli-bucket");
    Setsum sum = new Setsum();
    for (String name : LOGS) {
      s3.upload("logs/" + name + ".log", Vectors.log(name + ".log"));
      var json = Vectors.json(Vectors.companion(Vectors.log(name + ".log"), ".json"));
      sum.add(Setsum.fromHexDigest((String) json.get("setsum")));
      logsRecords += Long.parseLong(String.valueOf(json.get("record_count")));
    }
    logsSetsum = sum.hexDigest();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  /** The command line, then the options that point Beam's S3 filesystem at the server. */
  private static String[] withS3(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(s3.beamArgs());
    return args.toArray(new String[0]);
  }

  @Test
  void convertTurnsLogsOnS3IntoTablesOnS3ThatTheAuditBalances() {
    Cli.Result c = Cli.run(withS3("convert", "--input", s3.url("logs/*.log"), "--output",
        s3.url("tables"), "--blocks-per-split", "1", "--partitions", "3",
        "--sst-target-file-size", "262144", "--tempLocation=" + s3.url("beam-temp"))).ok();
    assertTrue(c.out.startsWith(String.format("converted %,d records from 3 logs", logsRecords)), c.out);
    assertTrue(c.out.contains("\nbalance OK\n"), c.out);
    assertTrue(c.out.contains("\ntables in " + s3.url("tables") + " "), c.out);
    for (String key : s3.keys("tables/")) {
      assertTrue(key.matches("tables/(part-\\d{5}-\\d{5}\\.sst|MANIFEST\\.json)"),
          "only tables and the manifest are left: " + s3.keys("tables/"));
    }
    assertEquals(List.of(), s3.keys("beam-temp/"), "the result file was taken");

    Cli.Result a = Cli.run(withS3("audit", "--logs", s3.url("logs/*.log"), "--tables",
        s3.url("tables"))).ok();
    List<String> lines = a.out.lines().toList();
    assertEquals("logs " + logsSetsum + " " + logsRecords + " records 3 files", lines.get(0), a.out);
    assertTrue(lines.get(1).matches("tables " + logsSetsum + " " + logsRecords + " records \\d+ files"),
        a.out);
    assertEquals("balance OK", lines.get(3), a.out);
    Cli.run(withS3("audit", "--tables", s3.url("tables"), "--fast")).ok();

    Cli.run(withS3("convert", "--input", s3.url("logs/*.log"), "--output", s3.url("tables")))
        .failsWith("convert", "already holds tables");
  }

  @Test
  void aConvertThatFailsOnACorruptLogOnS3LeavesNoObjectAndTheRerunSucceeds() throws Exception {
    s3.upload("bad/x.log", Vectors.bad("log_crc_flipped.log"));
    Cli.run(withS3("convert", "--input", s3.url("bad/*.log"), "--output", s3.url("failed"),
            "--tempLocation=" + s3.url("failed-beam-temp")))
        .failsWith("convert", "corruption-crc-checksum-failed");
    assertEquals(List.of(), s3.keys("failed/"), "the failed run left no object");
    assertEquals(List.of(), s3.keys("failed-beam-temp/"));

    // With S3Options (registered by the module s3): 5 MiB of heap per object being written.
    Cli.Result rerun = Cli.run(withS3("convert", "--input", s3.url("logs/*.log"), "--output",
        s3.url("failed"), "--s3UploadBufferSizeBytes=5242880")).ok();
    assertTrue(rerun.out.contains("\nbalance OK\n"), rerun.out);
  }

  @Test
  void compactAndVerifyGcRunOnTableSetsOnS3() {
    Cli.run(withS3("convert", "--input", s3.url("logs/max_batch.log"), "--output",
        s3.url("gen0"), "--partitions", "2")).ok();
    Cli.Result compact = Cli.run(withS3("compact", "--tables", s3.url("gen0"), "--logs",
        s3.url("logs/small.log"), "--policy", "versions = 1", "--now-micros", "0", "--output",
        s3.url("gen1"), "--partitions", "2")).ok();
    assertTrue(compact.out.contains("\nbalance OK\n"), compact.out);
    for (String key : s3.keys("gen1/")) {
      assertTrue(key.matches("gen1/(part-\\d{5}-\\d{5}\\.sst|MANIFEST\\.json)"),
          "only tables and the manifest are left: " + s3.keys("gen1/"));
    }
    Cli.Result verify = Cli.run(withS3("verify-gc", "--output", s3.url("gen1"))).ok();
    assertTrue(verify.out.endsWith("verdict OK\n"), verify.out);
  }

  @Test
  void aPathStyleClientReachesTheServerByHostName() {
    List<String> args = new ArrayList<>(List.of("audit", "--logs", s3.url("logs/small.log"),
        "--endpoint=http://localhost:" + s3.endpoint().getPort(),
        "--s3ClientFactoryClass=dev.sstbeam.s3.PathStyleS3ClientBuilderFactory"));
    s3.beamArgs().stream().filter(o -> !o.startsWith("--endpoint=")).forEach(args::add);
    Cli.Result a = Cli.run(args.toArray(new String[0])).ok();
    assertTrue(a.out.matches("(?s)logs [0-9a-f]{64} 42 records 1 files\nbalance OK\n"), a.out);
  }
}
