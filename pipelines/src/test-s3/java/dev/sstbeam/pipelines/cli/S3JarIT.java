package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.s3.LocalS3;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar this build packaged ({@code sst-s3.jar}, or {@code sst-flink-s3.jar} ... with a runner
 * profile, on that runner), run as a user runs it: {@code java -jar}, {@code s3://} paths, the
 * endpoint on the command line, and the region and credentials in the standard AWS environment
 * variables.
 */
class S3JarIT {
  private static final List<String> LOGS = List.of("max_batch", "small", "one");
  private static LocalS3 s3;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("jar-bucket");
    for (String name : LOGS) {
      s3.upload("logs/" + name + ".log", Vectors.log(name + ".log"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private record Run(int status, String out, String err) {}

  /** {@code java -jar JAR ARGS... --endpoint=... RUNNER-ARGS...} with the AWS variables set. */
  private Run sst(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("sst.jar")));
    command.addAll(List.of(args));
    command.add("--endpoint=" + s3.endpoint());
    String runnerArgs = System.getProperty("sst.jar.runnerArgs", "").trim();
    if (!runnerArgs.isEmpty()) {
      command.addAll(Arrays.asList(runnerArgs.split("\\s+")));
    }
    File out = dir.resolve("out.txt").toFile();
    File err = dir.resolve("err.txt").toFile();
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
    env.put("AWS_REGION", LocalS3.REGION);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  void theJarConvertsAndAuditsLogsOnS3WithTheRegionAndCredentialsFromTheEnvironment()
      throws Exception {
    Setsum sum = new Setsum();
    for (String name : LOGS) {
      var json = Vectors.json(Vectors.companion(Vectors.log(name + ".log"), ".json"));
      sum.add(Setsum.fromHexDigest((String) json.get("setsum")));
    }

    Run convert = sst("convert", "--input", s3.url("logs/*.log"), "--output", s3.url("tables"),
        "--blocks-per-split", "1", "--partitions", "3");
    assertEquals(0, convert.status(), convert.out() + convert.err());
    assertTrue(convert.out().contains("\nbalance OK\n"), convert.out());
    Matcher runner = Pattern.compile("--runner=(\\S+)")
        .matcher(System.getProperty("sst.jar.runnerArgs", ""));
    String expected = runner.find() ? runner.group(1) : "DirectRunner";
    assertTrue(convert.out().contains(", runner " + expected + "\n"), convert.out());

    Run audit = sst("audit", "--logs", s3.url("logs/*.log"), "--tables", s3.url("tables"));
    assertEquals(0, audit.status(), audit.out() + audit.err());
    assertTrue(audit.out().startsWith("logs " + sum.hexDigest() + " "), audit.out());
    assertTrue(audit.out().contains("\nbalance OK\n"), audit.out());

    Run again = sst("convert", "--input", s3.url("logs/*.log"), "--output", s3.url("tables"));
    assertEquals(1, again.status(), again.out() + again.err());
    assertTrue(again.err().startsWith("sst convert: ") && again.err().contains("already holds tables"),
        again.err());
  }
}
