package dev.sstbeam.pipelines.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The golden vectors written by the Rust crate, in {@code <shared>/vectors}: the shared directory
 * is the system property {@code sst.shared.dir} (set by the parent pom for surefire), else
 * {@code ../../shared} from the module directory.
 */
final class Vectors {
  private Vectors() {}

  static Path dir() {
    String shared = System.getProperty("sst.shared.dir");
    Path root = shared == null || shared.isEmpty() ? Path.of("../../shared") : Path.of(shared);
    Path vectors = root.resolve("vectors").toAbsolutePath().normalize();
    if (!Files.isDirectory(vectors)) {
      throw new IllegalStateException("golden vectors not found at " + vectors
          + " (set -Dsst.shared.dir=...)");
    }
    return vectors;
  }

  static Path log(String name) {
    return dir().resolve("log").resolve(name);
  }

  static Path bad(String name) {
    return dir().resolve("bad").resolve(name);
  }

  /** The files of {@code sub} whose names end with {@code suffix}, sorted. */
  static List<Path> list(String sub, String suffix) {
    try (Stream<Path> s = Files.list(dir().resolve(sub))) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
