package dev.sstbeam.beam;

import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The golden vectors (through format's {@link Vectors}: the repository's core set, or the full set
 * when present) and single fields of their JSON companions.
 */
final class VectorFiles {
  private VectorFiles() {}

  /** {@code log/NAME.log}. */
  static Path log(String name) {
    return Vectors.file("log", name + ".log");
  }

  /** {@code log/FULL.log} with the full vector set, {@code log/CORE.log} with the core set. */
  static Path preferLog(String full, String core) {
    return Vectors.prefer("log", full + ".log", core + ".log");
  }

  /** {@code SUB/NAME}. */
  static Path vector(String sub, String name) {
    return Vectors.file(sub, name);
  }

  /** The JSON companion {@code NAME.json} of a vector file. */
  static Path json(Path vector) {
    return Vectors.file(vector.getParent().getFileName().toString(), vector.getFileName() + ".json");
  }

  /** A top-level string field of a vector's JSON (e.g. "setsum"). */
  static String jsonString(Path json, String field) throws Exception {
    Matcher m = Pattern.compile("\"" + field + "\":\\s*\"([^\"]*)\"").matcher(Files.readString(json));
    if (!m.find()) {
      throw new AssertionError(field + " not in " + json);
    }
    return m.group(1);
  }

  /** A top-level integer field of a vector's JSON (e.g. "record_count"). */
  static long jsonLong(Path json, String field) throws Exception {
    Matcher m = Pattern.compile("\"" + field + "\":\\s*(\\d+)").matcher(Files.readString(json));
    if (!m.find()) {
      throw new AssertionError(field + " not in " + json);
    }
    return Long.parseLong(m.group(1));
  }
}
