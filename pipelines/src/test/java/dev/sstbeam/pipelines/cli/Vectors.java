package dev.sstbeam.pipelines.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The golden vectors written by the Rust crate, as format's {@link
 * dev.sstbeam.format.testsupport.Vectors} finds them: the repository's core set, or the full set
 * when present (a vector only the full set has skips the test, naming the property to set).
 */
final class Vectors {
  private Vectors() {}

  /** Whether the tests read the full set (else the repository's core set). */
  static boolean full() {
    return dev.sstbeam.format.testsupport.Vectors.fullSetPresent();
  }

  /** {@code SUB/NAME}. */
  static Path file(String sub, String name) {
    return dev.sstbeam.format.testsupport.Vectors.file(sub, name);
  }

  /** {@code SUB/FULL} with the full vector set, {@code SUB/CORE} with the core set. */
  static Path prefer(String sub, String full, String core) {
    return dev.sstbeam.format.testsupport.Vectors.prefer(sub, full, core);
  }

  static Path log(String name) {
    return file("log", name);
  }

  static Path bad(String name) {
    return file("bad", name);
  }

  /** The companion {@code VECTOR + suffix} of a vector file (e.g. its {@code .json}). */
  static Path companion(Path vector, String suffix) {
    return file(vector.getParent().getFileName().toString(), vector.getFileName() + suffix);
  }

  /** The files of {@code sub} whose names end with {@code suffix}, sorted. */
  static List<Path> list(String sub, String suffix) {
    return dev.sstbeam.format.testsupport.Vectors.files(sub, "", suffix);
  }

  static String text(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> json(Path p) {
    return Json.object(Json.parse(text(p)));
  }
}
