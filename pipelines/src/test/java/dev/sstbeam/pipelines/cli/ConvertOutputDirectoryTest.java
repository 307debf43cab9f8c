package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.pipelines.SstCommand;
import dev.sstbeam.pipelines.demo.DemoLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sst convert} leaves in its output directory when it fails, and when other converts
 * write the same directory at the same time.
 */
class ConvertOutputDirectoryTest {
  @TempDir Path dir;

  /** Logs of about {@code megabytes} MiB each in {@code dir/name/}; returns their pattern. */
  private String writeLogs(String name, int logs, int megabytes, long seed) throws Exception {
    Random random = new Random(seed);
    Path folder = Files.createDirectories(dir.resolve(name));
    for (int f = 0; f < logs; f++) {
      LogWriter w = LogWriter.create(folder.resolve("part" + f + ".log"));
      for (int b = 0; b < megabytes * 64; b++) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 16; i++) {
          byte[] key = ("key" + random.nextInt(100_000)).getBytes(StandardCharsets.US_ASCII);
          byte[] value = new byte[random.nextInt(2048)];
          random.nextBytes(value);
          batch.add(KeyValue.put(key, seed * 1_000_000_000L + f * 1_000_000L + b * 16L + i, value));
        }
        w.append(batch);
      }
      w.seal();
    }
    return folder.resolve("*.log").toString();
  }

  private List<String> contents(Path out) throws Exception {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(f -> !f.equals(out)).map(f -> out.relativize(f).toString()).sorted().toList();
    }
  }

  /** The {@code sst} command line in a JVM of its own, as {@code ./sst} runs it. */
  private static Cli.Result runInItsOwnJvm(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SstCommand.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    Future<byte[]> err = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }).submit(() -> p.getErrorStream().readAllBytes());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    return new Cli.Result(status, out, new String(err.get(), StandardCharsets.UTF_8));
  }

  @Test
  void aFailedConvertLeavesNothingBehindAndTheRerunSucceeds() throws Exception {
    // The demo's records (values up to 32 KiB), 20,000 in a log of about 5 MB, three times (the
    // copies are exact duplicates, which convert drops and counts).
    Path goodLogs = Files.createDirectories(dir.resolve("good"));
    Path bad = Files.createDirectories(dir.resolve("bad"));
    DemoLog.write(goodLogs.resolve("part0.log"), 20_000, 1);
    for (int f = 0; f < 3; f++) {
      if (f > 0) {
        Files.copy(goodLogs.resolve("part0.log"), goodLogs.resolve("part" + f + ".log"));
      }
      Files.copy(goodLogs.resolve("part0.log"), bad.resolve("part" + f + ".log"));
    }
    String good = goodLogs.resolve("*.log").toString();
    byte[] corrupt = Files.readAllBytes(bad.resolve("part0.log"));
    corrupt[corrupt.length / 2 + 100] ^= 1; // a flipped bit in the middle: a bad CRC there
    Files.write(bad.resolve("corrupt.log"), corrupt);

    Path out = dir.resolve("tables");
    // Small sort memory, one-block reads, four workers: runs are written before the corruption
    // is found, and other bundles are still writing runs when the failure is reported (which left
    // runs behind in most attempts before the cleanup waited for them). In a JVM of its own, as
    // the user runs it, so that nothing written after the command ends goes unseen.
    for (int attempt = 0; attempt < 3; attempt++) {
      runInItsOwnJvm("convert", "--input", bad.resolve("*.log").toString(), "--output", out.toString(),
              "--memory", "1048576", "--blocks-per-split", "1", "--targetParallelism=4")
          .failsWith("convert", "corruption-crc-checksum-failed");
      assertEquals(List.of(), contents(out), "attempt " + attempt + " left files behind");
    }

    // A killed run's temporary files are removed by the next run, and are never counted as tables.
    Path staleRun = out.resolve(".sst-beam-temp-killed/runs/run-1.sst");
    Files.createDirectories(staleRun.getParent());
    Files.write(staleRun, new byte[] {1, 2, 3});
    Cli.Result converted = Cli.run("convert", "--input", good, "--output", out.toString()).ok();
    assertTrue(converted.out.contains("\nbalance OK\n"), converted.out);
    assertTrue(contents(out).stream().allMatch(f -> f.equals("MANIFEST.json") || f.matches("part-\\d{5}-\\d{5}\\.sst")),
        contents(out).toString());

    Files.createDirectories(staleRun.getParent());
    Files.copy(out.resolve("part-00000-00000.sst"), staleRun); // a real table, were it counted
    Cli.Result audit = Cli.run("audit", "--logs", good, "--tables", out.toString()).ok();
    assertTrue(audit.out.contains("\nbalance OK\n"), audit.out);
  }

  @Test
  void ofThreeConvertsIntoOneDirectoryOneSucceedsAndItsTablesAreItsOwn() throws Exception {
    int jobs = 3;
    List<String> inputs = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      inputs.add(writeLogs("logs" + j, 2, 1, 10 + j));
    }
    Path out = dir.resolve("tables");
    CyclicBarrier start = new CyclicBarrier(jobs);
    ExecutorService threads = Executors.newFixedThreadPool(jobs);
    List<Future<Cli.Result>> results = new ArrayList<>();
    for (String input : inputs) {
      results.add(threads.submit(() -> {
        start.await();
        return Cli.run("convert", "--input", input, "--output", out.toString(), "--partitions", "2");
      }));
    }
    int winner = -1;
    for (int j = 0; j < jobs; j++) {
      Cli.Result r = results.get(j).get();
      if (r.status == 0) {
        assertEquals(-1, winner, "two converts succeeded");
        winner = j;
        assertTrue(r.out.contains("\nbalance OK\n"), r.out);
      } else {
        r.failsWith("convert", "");
        assertTrue(r.err.contains("is being written by another job") || r.err.contains("already holds tables"),
            r.err);
      }
    }
    threads.shutdown();
    assertTrue(winner >= 0, "one convert succeeds");
    for (int j = 0; j < jobs; j++) {
      Cli.Result audit = Cli.run("audit", "--logs", inputs.get(j), "--tables", out.toString());
      assertEquals(j == winner ? 0 : 1, audit.status, "audit of input " + j + ": " + audit.out);
    }
    assertTrue(contents(out).stream().allMatch(f -> f.equals("MANIFEST.json") || f.matches("part-\\d{5}-\\d{5}\\.sst")),
        contents(out).toString());
  }
}
