package dev.sstbeam.format.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the golden vectors live, and how to read their JSON.
 *
 * <p>Two sets, both written by the Rust crate and never by us:
 *
 * <ul>
 *   <li>the <b>core set</b>, carried in the repository under {@code testdata/vectors} (a subset of
 *       the full set, byte for byte; see testdata/README.md), so that a bare clone passes its
 *       tests. Its location is the system property {@code sst.testdata.dir} (set by the parent
 *       pom), else the first {@code testdata} directory found upwards from the working directory;
 *   <li>the <b>full set</b>, the extended conformance suite: the directory named by the system
 *       property {@value #FULL_SET_PROPERTY}, else {@code <sst.shared.dir>/vectors} (the parent
 *       pom's {@code ../shared}) when it exists.
 * </ul>
 *
 * <p>Tests read the full set when it is present and the core set otherwise. A vector that only
 * the full set has is skipped (a JUnit assumption) with a message that names the property to set.
 * One core file is stored gzip-compressed ({@code NAME.gz}); it is unpacked on first use.
 */
public final class Vectors {
  /** The system property that names the full vector set. */
  public static final String FULL_SET_PROPERTY = "sst.vectors";

  private static final HexFormat HEX = HexFormat.of();
  private static final Path CORE = findCore();
  private static final Optional<Path> FULL = findFull();

  private Vectors() {}

  /** The core set inside the repository. */
  public static Path coreDir() {
    return CORE;
  }

  /** The full set, when it is present. */
  public static Optional<Path> fullDir() {
    return FULL;
  }

  /** Whether the full set is present (the tests then read it instead of the core set). */
  public static boolean fullSetPresent() {
    return FULL.isPresent();
  }

  /** The set the tests read: the full one when present, else the core one. */
  public static Path root() {
    return FULL.orElse(CORE);
  }

  /** {@code shared/}: the directory beside the repository that holds the full set and bench/. */
  public static Path sharedDir() {
    String prop = System.getProperty("sst.shared.dir");
    Path dir = prop != null && !prop.isBlank() ? Paths.get(prop) : Paths.get("../../shared");
    return dir.toAbsolutePath().normalize();
  }

  /** {@code <root>/<sub>}, for listing; use {@link #file} to name a vector. */
  public static Path dir(String sub) {
    return root().resolve(sub);
  }

  /**
   * The vector {@code <sub>/<name>}. In the core set, a compressed copy is unpacked; a vector that
   * only the full set has skips the calling test, naming the property that enables it.
   */
  public static Path file(String sub, String name) {
    Path path = root().resolve(sub).resolve(name);
    if (FULL.isPresent() || Files.exists(path)) {
      return path;
    }
    Path packed = path.resolveSibling(name + ".gz");
    if (Files.exists(packed)) {
      return Unpacked.of(packed);
    }
    Assumptions.abort(onlyInFullSet(sub + "/" + name));
    throw new AssertionError("unreachable");
  }

  /**
   * {@code <sub>/<fullName>} when the full set is present, else the core set's {@code
   * <sub>/<coreName>}: for a test of a behaviour that a core vector also shows, on a smaller scale.
   */
  public static Path prefer(String sub, String fullName, String coreName) {
    return file(sub, FULL.isPresent() ? fullName : coreName);
  }

  /** The message of a test skipped because the full set is absent. */
  public static String onlyInFullSet(String what) {
    return "extended conformance suite: " + what + " is only in the full vector set, which is not"
        + " present; set -D" + FULL_SET_PROPERTY + "=DIR (the Rust crate's vectors, e.g."
        + " ../shared/vectors) to run it";
  }

  /**
   * The vectors in {@code <sub>} whose names start with {@code prefix} and end with {@code
   * suffix}, sorted (compressed core files listed, and returned, unpacked).
   */
  public static List<Path> files(String sub, String prefix, String suffix) {
    try (Stream<Path> s = Files.list(dir(sub))) {
      List<Path> out =
          s.map(p -> p.getFileName().toString())
              .map(n -> FULL.isEmpty() && n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n)
              .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
              .sorted()
              .map(n -> file(sub, n))
              .collect(Collectors.toList());
      if (out.isEmpty()) {
        throw new IllegalStateException("no vectors " + prefix + "*" + suffix + " in " + dir(sub));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findCore() {
    String prop = System.getProperty("sst.testdata.dir");
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop, "vectors").toAbsolutePath().normalize();
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("testdata/vectors"))) {
        return d.resolve("testdata/vectors");
      }
    }
    throw new IllegalStateException("the core vector set (testdata/vectors in the repository) was"
        + " not found; set -Dsst.testdata.dir=DIR");
  }

  private static Optional<Path> findFull() {
    String prop = System.getProperty(FULL_SET_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      Path dir = Paths.get(prop).toAbsolutePath().normalize();
      if (!Files.isRegularFile(dir.resolve("SHA256SUMS"))) {
        throw new IllegalStateException("-D" + FULL_SET_PROPERTY + "=" + prop
            + " does not name a vector set (no SHA256SUMS in " + dir + ")");
      }
      return Optional.of(dir);
    }
    Path shared = sharedDir().resolve("vectors");
    return Files.isRegularFile(shared.resolve("SHA256SUMS")) ? Optional.of(shared) : Optional.empty();
  }

  /** Compressed core vectors, unpacked once per JVM into a temporary directory. */
  private static final class Unpacked {
    private static final Map<Path, Path> DONE = new ConcurrentHashMap<>();

    static Path of(Path packed) {
      return DONE.computeIfAbsent(packed, Unpacked::unpack);
    }

    private static Path unpack(Path packed) {
      try {
        Path dir = Files.createTempDirectory("sst-vectors");
        dir.toFile().deleteOnExit();
        String name = packed.getFileName().toString();
        Path out = dir.resolve(name.substring(0, name.length() - 3));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(packed))) {
          Files.copy(in, out);
        }
        out.toFile().deleteOnExit();
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("unpacking " + packed, e);
      }
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
