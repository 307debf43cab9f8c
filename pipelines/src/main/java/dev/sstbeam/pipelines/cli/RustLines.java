package dev.sstbeam.pipelines.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads text lines as Rust's {@code BufRead::lines} does: split on "\n", drop one "\r" just before
 * a "\n", keep a last line that has no "\n", and require UTF-8 (Rust fails on anything else). Unlike
 * {@link java.io.BufferedReader#readLine}, a lone "\r" is not a line end.
 */
final class RustLines {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[256];
  private int pos;
  private int limit;
  private long number;

  RustLines(InputStream in) {
    this.in = in;
  }

  /** The 1-based number of the line read last. */
  long lineNumber() {
    return number;
  }

  /** The next line, or null at the end of the input; fails on a line that is not UTF-8. */
  String next() throws IOException, ToolFailure {
    int len = 0;
    boolean any = false;
    boolean newline = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
      }
      System.arraycopy(buf, start, line, len, n);
      len += n;
      if (pos < limit) {
        pos++; // the '\n'
        newline = true;
        break;
      }
    }
    number++;
    if (newline && len > 0 && line[len - 1] == '\r') {
      len--;
    }
    try {
      return utf8.decode(ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new ToolFailure("line " + number + " is not valid UTF-8");
    }
  }
}
