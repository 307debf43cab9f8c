package dev.sstbeam.beam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locates ../shared/vectors and reads single fields of their JSON companions. */
final class VectorFiles {
  private VectorFiles() {}

  static Path shared() {
    String dir = System.getProperty("sst.shared.dir");
    return dir != null ? Paths.get(dir) : Paths.get("../../shared");
  }

  static Path log(String name) {
    return shared().resolve("vectors/log/" + name + ".log");
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
