package dev.sstbeam.format.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The repository's core vector set is the Rust crate's files, byte for byte: every file matches the
 * full set's SHA256SUMS (which the core set carries), and the set keeps a vector for every
 * behaviour the tests cover.
 */
class CoreVectorSetTest {
  private static final long MAX_CORE_BYTES = 15_000_000;

  /** {@code ./SUB/NAME} → sha256, as the full set lists them. */
  private static Map<String, String> sums() throws IOException {
    Map<String, String> sums = new TreeMap<>();
    for (String line : Files.readAllLines(Vectors.coreDir().resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
      sums.put(line.substring(66), line.substring(0, 64));
    }
    return sums;
  }

  /** The core set's files as {@code ./SUB/NAME}, compressed ones under their unpacked name. */
  private static Map<String, Path> coreFiles() throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Path core = Vectors.coreDir();
    try (Stream<Path> s = Files.walk(core)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String name = "./" + core.relativize(p).toString().replace('\\', '/');
        if (!name.equals("./SHA256SUMS")) {
          files.put(name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name, p);
        }
      }
    }
    return files;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return Vectors.hex(md.digest());
  }

  @Test
  void everyCoreFileIsTheRustCratesFileByteForByte() throws Exception {
    Map<String, String> sums = sums();
    Map<String, Path> core = coreFiles();
    assertTrue(core.size() > 400, "core files: " + core.size());
    for (Map.Entry<String, Path> e : core.entrySet()) {
      assertTrue(sums.containsKey(e.getKey()), e.getKey() + " is not a file of the full set");
      assertEquals(sums.get(e.getKey()), sha256(e.getValue()), e.getKey());
    }
  }

  @Test
  void theCoreSetKeepsEveryBadGcAndSetsumVectorAndTheSmallLogsAndTables() throws Exception {
    Map<String, Path> core = coreFiles();
    List<String> missing = new ArrayList<>();
    for (String name : sums().keySet()) {
      boolean required = name.startsWith("./bad/") || name.startsWith("./gc/")
          || name.startsWith("./setsum/")
          || name.matches("\\./log/(empty|one|small|empty_kv)\\.log.*")
          || name.matches("\\./log/max_batch\\.log(\\.json)?")
          || name.matches("\\./sst/(one|small|one\\.default|small\\.default|bloom_\\w+|prefixes\\w*)\\.sst.*");
      if (required && !core.containsKey(name)) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "required in the core set");
  }

  @Test
  void theCoreSetStaysUnderFifteenMegabytes() throws IOException {
    long bytes = 0;
    try (Stream<Path> s = Files.walk(Vectors.coreDir())) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        bytes += Files.size(p);
      }
    }
    assertTrue(bytes <= MAX_CORE_BYTES, "core set: " + bytes + " bytes");
  }
}
