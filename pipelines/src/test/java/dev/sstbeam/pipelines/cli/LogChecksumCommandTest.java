package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogChecksumCommandTest {
  static Stream<Path> logs() {
    return Vectors.list("log", ".log").stream();
  }

  @ParameterizedTest
  @MethodSource("logs")
  void printsTheRustSetsumAndThePathAsGiven(Path log) {
    String setsum = (String) Vectors.json(Vectors.companion(log, ".json")).get("setsum");
    assertEquals(setsum + " " + log + "\n", Cli.run("log-checksum", log.toString()).ok().out);
    assertEquals(
        setsum + " " + log + "\n",
        Cli.run("log-checksum", "--fast", "--threads", "1", log.toString()).ok().out);
  }

  @Test
  void severalFilesInTheOrderGiven() {
    Path a = Vectors.prefer("log", "mixed.log", "max_batch.log");
    Path b = Vectors.log("one.log");
    String expected =
        Vectors.json(Vectors.companion(a, ".json")).get("setsum") + " " + a + "\n"
            + Vectors.json(Vectors.companion(b, ".json")).get("setsum") + " " + b + "\n";
    assertEquals(expected, Cli.run("log-checksum", a.toString(), b.toString()).ok().out);
  }

  /** max_batch.log has a SECOND frame that runs past a boundary: ranges must still add up. */
  @Test
  void blockRangeSetsumsAddUpToTheWhole() {
    Path log = Vectors.log("max_batch.log");
    Setsum whole = Setsum.fromHexDigest((String) Vectors.json(Vectors.companion(log, ".json")).get("setsum"));
    Setsum sum = new Setsum();
    for (int k = 0; k < 4; k++) {
      sum.add(blocks(log, k + ":" + (k + 1)));
    }
    assertEquals(whole, sum);
    assertEquals(whole, blocks(log, "0:1").add(blocks(log, "1:4")));
    assertEquals(whole, blocks(log, "0:3").add(blocks(log, "3:100")));
    assertEquals(new Setsum(), blocks(log, "2:2"));
  }

  private static Setsum blocks(Path log, String range) {
    String line = Cli.run("log-checksum", "--blocks", range, log.toString()).ok().out;
    assertEquals(" " + log + "\n", line.substring(64));
    return Setsum.fromHexDigest(line.substring(0, 64));
  }

  @Test
  void badBlockRangesAreUsageErrors() {
    String log = Vectors.log("one.log").toString();
    for (String bad : new String[] {"3:1", "1", "a:b", "-1:2", ":4"}) {
      Cli.Result r = Cli.run("log-checksum", "--blocks", bad, log);
      r.failsWith("log-checksum", "--blocks");
      assertEquals(2, r.status);
    }
    Cli.run("log-checksum", "--threads", "0", log).failsWith("log-checksum", "--threads");
  }
}
