package dev.sstbeam.pipelines.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A small text file through which a pipeline's last step hands its verdict to the command that
 * launched it. It lives under Beam's {@code --tempLocation} when given (reachable from workers on
 * a cluster), else the local temporary directory.
 */
public final class ResultFile {
  private ResultFile() {}

  /** A fresh result file name for a job. */
  public static String newName(PipelineOptions options, String job) {
    String base = options.getTempLocation() != null
        ? options.getTempLocation()
        : System.getProperty("java.io.tmpdir");
    FileSystems.setDefaultPipelineOptions(options);
    ResourceId dir = FileSystems.matchNewResource(base, true);
    return dir.resolve("sst-" + job + "-" + UUID.randomUUID() + ".txt", StandardResolveOptions.RESOLVE_FILE)
        .toString();
  }

  /** Writes {@code text} (called inside the pipeline). */
  public static void write(String name, String text) throws IOException {
    try (WritableByteChannel ch = FileSystems.create(FileSystems.matchNewResource(name, false), MimeTypes.TEXT)) {
      ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Reads and deletes the file; null if the pipeline never wrote it. */
  public static String take(String name) throws IOException {
    ResourceId id = FileSystems.matchNewResource(name, false);
    // Matched first: S3's open reports a missing object with an unchecked AWS exception.
    if (FileSystems.matchResources(List.of(id)).get(0).status() == MatchResult.Status.NOT_FOUND) {
      return null;
    }
    String text;
    try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return null;
    }
    FileSystems.delete(List.of(id), StandardMoveOptions.IGNORE_MISSING_FILES);
    return text;
  }
}
