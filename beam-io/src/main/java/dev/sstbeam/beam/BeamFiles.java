package dev.sstbeam.beam;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
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
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /**
   * Creates a file to write, or truncates it, as Beam's {@link FileSystems#create} does. A local
   * file is opened as a {@link FileChannel} (its directory created first, as Beam does): Beam's
   * local filesystem hands back a stream wrapped as a channel, which makes a system call per 8 KiB
   * (some 140,000 for the benchmark's runs and tables) and cannot be forced to disk.
   */
  static WritableByteChannel create(ResourceId file) throws IOException {
    if ("file".equals(file.getScheme())) {
      Path path = Paths.get(file.toString());
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      return FileChannel.open(path, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }
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

  /**
   * The bytes of a small file, or null when there is none. Filesystems report a missing file
   * differently when it is opened (local files throw {@link FileNotFoundException} or {@link
   * NoSuchFileException}; Beam's S3 filesystem an unchecked AWS exception), so the file is
   * matched first; one deleted between the match and the read also counts as missing.
   */
  static byte @Nullable [] readIfPresent(ResourceId file) throws IOException {
    MatchResult m = FileSystems.matchResources(List.of(file)).get(0);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return null;
    }
    List<MatchResult.Metadata> found = m.metadata();
    if (found.isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(found.get(0).resourceId()))) {
      return in.readAllBytes();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return null;
    } catch (RuntimeException e) {
      if (!exists(file)) {
        return null;
      }
      throw e;
    }
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
