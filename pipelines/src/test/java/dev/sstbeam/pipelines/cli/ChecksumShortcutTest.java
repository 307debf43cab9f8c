package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ChecksumShortcut} prints, fails and exits exactly as the same command under picocli, for
 * every log and table vector, good or bad, and leaves to picocli whatever is not files only.
 */
class ChecksumShortcutTest {
  static Stream<Path> logs() {
    List<Path> all = new ArrayList<>(Vectors.list("log", ".log"));
    all.addAll(Vectors.list("bad", ".log"));
    return all.stream();
  }

  static Stream<Path> tables() {
    List<Path> all = new ArrayList<>(SstVectors.tables());
    all.addAll(SstVectors.badTables());
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("logs")
  void logChecksumOfEveryLogVectorIsPicoclis(Path log) {
    assertSameAsPicocli("log-checksum", log.toString());
  }

  @ParameterizedTest
  @MethodSource("tables")
  void sstChecksumOfEveryTableVectorIsPicoclis(Path table) {
    assertSameAsPicocli("sst-checksum", table.toString());
  }

  @Test
  void severalFilesAndMissingOnesAreAsUnderPicocli(@TempDir Path dir) {
    String log = Vectors.log("one.log").toString();
    String table = SstVectors.tables().get(0).toString();
    String missing = dir.resolve("missing").toString();
    assertSameAsPicocli("log-checksum", log, log);
    assertSameAsPicocli("log-checksum", log, missing, log);
    assertSameAsPicocli("sst-checksum", table, table);
    assertSameAsPicocli("sst-checksum", missing);
    assertSameAsPicocli("log-checksum", table);
    assertSameAsPicocli("sst-checksum", log);
    assertSameAsPicocli("log-checksum", dir.toString());
  }

  @Test
  void anythingButFilesIsLeftToPicocli() {
    String log = Vectors.log("one.log").toString();
    assertNull(Cli.runShortcut());
    assertNull(Cli.runShortcut("log-checksum"));
    assertNull(Cli.runShortcut("log-checksum", "--fast", log));
    assertNull(Cli.runShortcut("log-checksum", log, "--threads", "1"));
    assertNull(Cli.runShortcut("sst-checksum", "--fast", log));
    assertNull(Cli.runShortcut("sst-checksum", log, "-h"));
    assertNull(Cli.runShortcut("log-checksum", "@args.txt"));
    assertNull(Cli.runShortcut("log-checksum", ""));
    assertNull(Cli.runShortcut("log-checksum", log, "--"));
    assertNull(Cli.runShortcut("log-dump", log));
    assertNull(Cli.runShortcut("sst-dump", log));
    assertNull(Cli.runShortcut("--version"));
  }

  private static void assertSameAsPicocli(String... args) {
    Cli.Result direct = Cli.runShortcut(args);
    assertNotNull(direct, "the shortcut takes " + String.join(" ", args));
    Cli.Result picocli = Cli.run(args);
    assertEquals(picocli.status, direct.status, "exit status");
    assertEquals(picocli.out, direct.out, "stdout");
    assertEquals(picocli.err, direct.err, "stderr");
    assertTrue(direct.status == 0 ? direct.err.isEmpty() : !direct.err.isEmpty(), direct.err);
  }
}
