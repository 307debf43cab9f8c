package dev.sstbeam.beam;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/** Files through Beam's {@link FileSystems}, so the IO works on any filesystem Beam knows. */
final class BeamFiles {
  private BeamFiles() {}

  static ResourceId directory(String spec) {
    return FileSystems.matchNewResource(spec, true);
  }

  static ResourceId file(ResourceId dir, String name) {
    return dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  static ResourceId subdirectory(ResourceId dir, String name) {
    return dir.resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  static WritableByteChannel create(ResourceId file) throws IOException {
    return FileSystems.create(file, MimeTypes.BINARY);
  }

  /** Opens a file for positioned reading; fails clearly on a filesystem without seeking. */
  static SeekableByteChannel openSeekable(ResourceId file) throws IOException {
    ReadableByteChannel ch = FileSystems.open(file);
    if (!(ch instanceof SeekableByteChannel)) {
      ch.close();
      throw new IOException("the filesystem of " + file + " cannot seek; sst files need seeking");
    }
    return (SeekableByteChannel) ch;
  }

  /** The files matching {@code spec} (none is fine). */
  static List<MatchResult.Metadata> match(String spec) throws IOException {
    MatchResult r = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    if (r.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    return r.metadata();
  }

  /** Whether {@code file} exists (exactly that name, no pattern). */
  static boolean exists(ResourceId file) throws IOException {
    MatchResult m = FileSystems.matchResources(List.of(file)).get(0);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  /** Renames, treating sources already gone (a retried finalize) as done. */
  static void rename(List<ResourceId> from, List<ResourceId> to) throws IOException {
    if (!from.isEmpty()) {
      FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  static void deleteQuietly(Collection<ResourceId> files) {
    if (files.isEmpty()) {
      return;
    }
    try {
      FileSystems.delete(new ArrayList<>(files), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException ignored) {
      // Scratch files only; a leftover never shadows a table.
    }
  }
}
