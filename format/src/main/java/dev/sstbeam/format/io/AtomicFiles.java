package dev.sstbeam.format.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file under a temporary name and publishing it under its final name only when it is
 * complete, so a reader never sees a partial file and nothing already at the final name is lost.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** A fresh temporary name beside {@code target}: {@code .NAME.tmp-RANDOM}. */
  public static Path tempSibling(Path target) {
    Path abs = target.toAbsolutePath();
    String name = "." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return abs.resolveSibling(name);
  }

  /**
   * Publishes the finished, synced {@code temp} as {@code target} with create-new semantics:
   * fails with {@link FileAlreadyExistsException} (leaving both files) if {@code target} exists.
   * Uses a hard link then removes the temporary name, which is atomic and never replaces; falls
   * back to a non-replacing move where links are unsupported. Syncs the directory.
   */
  public static void publishNew(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
      Files.delete(temp);
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      if (e instanceof FileAlreadyExistsException) {
        throw (FileAlreadyExistsException) e;
      }
      Files.move(temp, target);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Forces a directory's entries to disk where the platform allows it (best effort). */
  public static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // Not all platforms can open or sync a directory; the file itself was synced.
    }
  }
}
