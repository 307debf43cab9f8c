package dev.sstbeam.pipelines.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code log-checksum FILE...} and {@code sst-checksum FILE...}, given nothing but files,
 * without picocli. Picocli builds its model of the command from annotations by reflection, and
 * with the launcher's compilation for the checksums (C2 only, README "The sst command line") all
 * of that runs in the interpreter, alongside the hashing warm-up: some 0.2 CPU-seconds and 0.1 s,
 * a tenth of a checksum of the bench data set. The command's own class does the work, prints and
 * fails as it does under picocli ({@code ChecksumShortcutTest} compares both on every vector).
 *
 * <p>Anything else goes to picocli: an option or anything that may be one (an argument starting
 * with {@code -}), an argument file ({@code @...}), an empty argument, no file at all, or another
 * command.
 */
public final class ChecksumShortcut {
  private ChecksumShortcut() {}

  /**
   * Runs {@code args} when they are a checksum command and files only, printing to {@code out}
   * and {@code err}; returns its exit status, or null when picocli must parse them.
   */
  public static Integer run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length < 2 || !filesOnly(args)) {
      return null;
    }
    List<String> files = List.copyOf(Arrays.asList(args).subList(1, args.length));
    switch (args[0]) {
      case "log-checksum": {
        LogChecksumCommand c = new LogChecksumCommand();
        c.logs = files;
        return c.callWithout("sst log-checksum", out, err);
      }
      case "sst-checksum": {
        SstChecksumCommand c = new SstChecksumCommand();
        c.tables = files;
        return c.callWithout("sst sst-checksum", out, err);
      }
      default:
        return null;
    }
  }

  private static boolean filesOnly(String[] args) {
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.isEmpty() || a.charAt(0) == '-' || a.charAt(0) == '@') {
        return false;
      }
    }
    return true;
  }
}
