package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.KeyValue;
import java.io.PrintWriter;

/**
 * Prints items in the item-line format of the Rust tools (log-dump, sst-dump; FORMAT.md §8.1),
 * one per line (and, for tools that need them, other lines as given):
 *
 * <pre>
 * "&lt;key&gt;" @ &lt;ts&gt; -&gt; "&lt;value&gt;"
 * "&lt;key&gt;" @ &lt;ts&gt; -&gt; &lt;TOMBSTONE&gt;
 * </pre>
 *
 * with the timestamp in unsigned decimal, key and value escaped by {@link RustEscape}, and "\n"
 * line ends. Lines are gathered into chunks of about 64 KiB before they reach the writer, so long
 * dumps cost little more than the escaping.
 */
final class ItemLineWriter {
  private static final int CHUNK = 1 << 16;

  private final PrintWriter out;
  private final StringBuilder chunk = new StringBuilder(CHUNK + 1024);

  ItemLineWriter(PrintWriter out) {
    this.out = out;
  }

  /** Prints one item line; fails once the output can no longer be written (a closed pipe). */
  void write(KeyValue kv) throws ToolFailure {
    chunk.append('"');
    RustEscape.append(chunk, kv.key());
    chunk.append("\" @ ").append(Long.toUnsignedString(kv.timestamp())).append(" -> ");
    if (kv.isTombstone()) {
      chunk.append("<TOMBSTONE>");
    } else {
      chunk.append('"');
      RustEscape.append(chunk, kv.value());
      chunk.append('"');
    }
    chunk.append('\n');
    if (chunk.length() >= CHUNK) {
      flush();
    }
  }

  /** Prints {@code line} as it is, and a newline (for tools that mix item lines with others). */
  void writeLine(CharSequence line) throws ToolFailure {
    chunk.append(line).append('\n');
    if (chunk.length() >= CHUNK) {
      flush();
    }
  }

  /** Hands everything printed so far to the output and flushes it. */
  void flush() throws ToolFailure {
    out.append(chunk);
    chunk.setLength(0);
    if (out.checkError()) {
      throw new ToolFailure.OutputClosed();
    }
  }
}
