package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code log-from-plaintext --plaintext F --output LOG}, the Rust tool of the same name: every line
 * of F is {@code <key> <value>} (split on whitespace into exactly two tokens; their UTF-8 bytes are
 * key and value), its timestamp is its 0-based line number, and each line becomes its own
 * single-item write batch, so the output is byte for byte what the Rust tool writes.
 *
 * <p>Safer than Rust about the output: the log is written to a temporary file beside it, synced,
 * and then linked to the output name only if that name is still free (Rust's create-new), so a
 * failure never leaves a partial log under the output name.
 */
@Command(
    name = "log-from-plaintext",
    mixinStandardHelpOptions = true,
    description = {
      "Write a log from '<key> <value>' lines, as the Rust log-from-plaintext does.",
      "Timestamp = 0-based line number; one single-item write batch per line.",
      "Refuses to overwrite an existing output."
    })
public final class LogFromPlaintextCommand extends ToolCommand {
  @Option(names = "--plaintext", required = true, paramLabel = "FILE",
      description = "Input: one '<key> <value>' per line.")
  String plaintext;

  @Option(names = "--output", required = true, paramLabel = "LOG",
      description = "The log to create; must not exist.")
  String output;

  @Override
  protected int run() throws IOException, ToolFailure {
    Path out = Path.of(output);
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw SystemErrors.alreadyExists(output);
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = temporaryName(dir, out.getFileName().toString());
    try {
      write(tmp);
      publish(tmp, out);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
    return OK;
  }

  private void write(Path tmp) throws IOException, ToolFailure {
    try (InputStream in = new BufferedInputStream(open(Path.of(plaintext)), 1 << 16);
        LogWriter log = LogWriter.create(tmp).writeBehind()) {
      RustLines lines = new RustLines(in);
      WriteBatch batch = new WriteBatch();
      String line;
      while ((line = lines.next()) != null) {
        long lineNumber = lines.lineNumber();
        List<String> tokens = RustWhitespace.split(line);
        if (tokens.size() != 2) {
          throw new ToolFailure(
              "Invalid line: \"" + RustEscape.escape(line.getBytes(StandardCharsets.UTF_8))
                  + "\" (line " + lineNumber + " of " + plaintext
                  + ": need exactly two whitespace-separated tokens, key and value)");
        }
        batch.clear();
        try {
          batch.put(
              tokens.get(0).getBytes(StandardCharsets.UTF_8),
              lineNumber - 1,
              tokens.get(1).getBytes(StandardCharsets.UTF_8));
        } catch (SstException e) {
          throw new ToolFailure(e.getMessage() + " (line " + lineNumber + " of " + plaintext + ")");
        }
        log.append(batch);
      }
      log.fsync();
      log.seal();
    }
  }

  private InputStream open(Path file) throws SstException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw SystemErrors.of(e, file);
    }
  }

  /** A fresh name beside the output: {@code <name>.<random>.tmp}. */
  private static Path temporaryName(Path dir, String name) {
    while (true) {
      String r = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
      Path p = dir.resolve(name + "." + r + ".tmp");
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
  }

  /**
   * Gives the finished log its name without replacing anything that appeared there meanwhile: a
   * hard link fails if the name exists (a rename would silently replace it); file systems without
   * hard links fall back to a rename.
   */
  private void publish(Path tmp, Path out) throws SstException {
    try {
      Files.createLink(out, tmp);
    } catch (FileAlreadyExistsException e) {
      throw SystemErrors.alreadyExists(output);
    } catch (UnsupportedOperationException | IOException e) {
      try {
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
          throw SystemErrors.alreadyExists(output);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException moveFailure) {
        throw SystemErrors.of(moveFailure, output);
      }
    }
  }

  /** Makes the new directory entry durable; not every platform can sync a directory. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the log itself is synced.
    }
  }
}
