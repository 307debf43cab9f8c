package dev.sstbeam.pipelines.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;

/** The files a set of patterns matches, checked before a job starts: count and total bytes. */
public final class InputLogs {
  private final long files;
  private final long bytes;

  private InputLogs(long files, long bytes) {
    this.files = files;
    this.bytes = bytes;
  }

  /** Fails with {@link IllegalArgumentException} naming a pattern that matches nothing. */
  public static InputLogs match(List<String> patterns, PipelineOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    long files = 0;
    long bytes = 0;
    for (String pattern : patterns) {
      // Beam matches a local path that does not exist by walking every directory below its
      // parent: minutes, for /missing.log or ~/missing.log. A plain path is looked up first.
      if (!FileSystems.hasGlobWildcard(pattern) && !pattern.contains("://")
          && !Files.exists(Path.of(pattern))) {
        throw new IllegalArgumentException("no files match " + pattern + " (no such file)");
      }
      MatchResult r = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (r.status() != MatchResult.Status.OK || r.metadata().isEmpty()) {
        throw new IllegalArgumentException("no files match " + pattern);
      }
      for (MatchResult.Metadata m : r.metadata()) {
        files++;
        bytes += m.sizeBytes();
      }
    }
    return new InputLogs(files, bytes);
  }

  public long files() {
    return files;
  }

  public long bytes() {
    return bytes;
  }
}
