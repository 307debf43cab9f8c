package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFromPlaintextCommandTest {
  @TempDir Path dir;

  @Test
  void roundTripThroughLogDump() throws IOException {
    Path text = dir.resolve("in.txt");
    Files.writeString(
        text,
        "apple red\n"
            + "  banana \t yellow  \r\n"
            + "apple green\n"
            + "q\"uote back\\slash\n"
            + "caf\u00e9 cr\u00e8me\n"
            + "last line-without-newline",
        StandardCharsets.UTF_8);
    Path log = dir.resolve("out.log");
    Cli.run("log-from-plaintext", "--plaintext", text.toString(), "--output", log.toString()).ok();
    assertEquals(
        "\"apple\" @ 0 -> \"red\"\n"
            + "\"banana\" @ 1 -> \"yellow\"\n"
            + "\"apple\" @ 2 -> \"green\"\n"
            + "\"q\\\"uote\" @ 3 -> \"back\\\\slash\"\n"
            + "\"caf\\xc3\\xa9\" @ 4 -> \"cr\\xc3\\xa8me\"\n"
            + "\"last\" @ 5 -> \"line-without-newline\"\n",
        Cli.run("log-dump", log.toString()).ok().out);
    assertEquals(List.of("in.txt", "out.log"), names());
  }

  /** One single-item batch per line, timestamp = line number: the bytes the Rust tool writes. */
  @Test
  void eachLineIsItsOwnSingleItemBatch() throws IOException {
    Path text = dir.resolve("three.txt");
    Files.writeString(text, "k1 v1\nk2 v2\nk1 v3\n");
    Path log = dir.resolve("three.log");
    Cli.run("log-from-plaintext", "--plaintext", text.toString(), "--output", log.toString()).ok();

    Path expected = dir.resolve("expected.log");
    try (LogWriter w = LogWriter.create(expected)) {
      String[][] lines = {{"k1", "v1"}, {"k2", "v2"}, {"k1", "v3"}};
      for (int i = 0; i < lines.length; i++) {
        w.append(new WriteBatch().put(bytes(lines[i][0]), i, bytes(lines[i][1])));
      }
      w.seal();
    }
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(log));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyInputGivesAnEmptyLog() throws IOException {
    Path text = dir.resolve("empty.txt");
    Files.writeString(text, "");
    Path log = dir.resolve("empty.log");
    Cli.run("log-from-plaintext", "--plaintext", text.toString(), "--output", log.toString()).ok();
    assertArrayEquals(new byte[0], Files.readAllBytes(log));
  }

  @Test
  void refusesAnExistingOutput() throws IOException {
    Path text = dir.resolve("in.txt");
    Files.writeString(text, "a b\n");
    Path log = dir.resolve("exists.log");
    Files.writeString(log, "precious");
    Cli.run("log-from-plaintext", "--plaintext", text.toString(), "--output", log.toString())
        .failsWith("log-from-plaintext", "AlreadyExists");
    assertEquals("precious", Files.readString(log));
  }

  @Test
  void aLineWithoutExactlyTwoTokensFailsAndLeavesNoOutput() throws IOException {
    Path text = dir.resolve("bad.txt");
    Files.writeString(text, "a b\nonly-one\n");
    Path log = dir.resolve("bad.log");
    Cli.run("log-from-plaintext", "--plaintext", text.toString(), "--output", log.toString())
        .failsWith("log-from-plaintext", "Invalid line: \"only-one\" (line 2 of");
    assertFalse(Files.exists(log));
    assertEquals(List.of("bad.txt"), names());
  }

  @Test
  void aMissingInputIsOneErrorLine() {
    Cli.run("log-from-plaintext", "--plaintext", dir.resolve("nope.txt").toString(),
            "--output", dir.resolve("x.log").toString())
        .failsWith("log-from-plaintext", "system-error (kind NotFound)");
    Cli.run("log-from-plaintext", "--output", dir.resolve("x.log").toString())
        .failsWith("log-from-plaintext", "--plaintext");
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
