package dev.sstbeam.format.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the golden vectors live and how to read their JSON. The directory comes from the system
 * property {@code sst.shared.dir} (set by surefire), else {@code ../../shared} relative to the
 * module directory.
 */
public final class Vectors {
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  public static Path sharedDir() {
    String prop = System.getProperty("sst.shared.dir");
    Path dir = prop != null && !prop.isBlank() ? Paths.get(prop) : Paths.get("../../shared");
    return dir.toAbsolutePath().normalize();
  }

  /** {@code shared/vectors/<sub>}. */
  public static Path dir(String sub) {
    return sharedDir().resolve("vectors").resolve(sub);
  }

  /** The files in {@code vectors/<sub>} whose names start with {@code prefix} and end with {@code suffix}, sorted. */
  public static List<Path> files(String sub, String prefix, String suffix) {
    try (Stream<Path> s = Files.list(dir(sub))) {
      List<Path> out =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(suffix);
                  })
              .sorted()
              .collect(Collectors.toList());
      if (out.isEmpty()) {
        throw new IllegalStateException("no vectors " + prefix + "*" + suffix + " in " + dir(sub));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names (without {@code .log}) of every {@code vectors/log/*.log}. */
  public static List<String> logNames() {
    return files("log", "", ".log").stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.log$", ""))
        .collect(Collectors.toList());
  }

  /** The names (without {@code .log}) of every {@code vectors/bad/log_*.log}. */
  public static List<String> badLogNames() {
    return files("bad", "log_", ".log").stream()
        .map(p -> p.getFileName().toString().replaceFirst("\\.log$", ""))
        .collect(Collectors.toList());
  }

  public static Map<String, Object> json(Path file) {
    try {
      return Json.object(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("field " + key + " is not a string: " + v);
    }
    return (String) v;
  }

  public static long num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Long)) {
      throw new IllegalArgumentException("field " + key + " is not an integer: " + v);
    }
    return (Long) v;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("field " + key + " is not an object: " + v);
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  public static <T> List<T> list(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("field " + key + " is not an array: " + v);
    }
    return (List<T>) v;
  }

  public static byte[] unhex(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
