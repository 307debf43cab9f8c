package dev.sstbeam.pipelines.cli;

/**
 * Bytes as Rust's {@code std::ascii::escape_default} prints them (FORMAT.md §8.1), the escaping of
 * every key and value the Rust tools print:
 *
 * <pre>
 * 0x20..0x7e         itself, except  "  '  \   which become  \"  \'  \\
 * 0x09 0x0d 0x0a     \t  \r  \n
 * anything else      \xNN, two lowercase hex digits
 * </pre>
 */
final class RustEscape {
  private static final char[][] TABLE = new char[256][];

  static {
    char[] hex = "0123456789abcdef".toCharArray();
    for (int b = 0; b < 256; b++) {
      String s;
      switch (b) {
        case '\t':
          s = "\\t";
          break;
        case '\r':
          s = "\\r";
          break;
        case '\n':
          s = "\\n";
          break;
        case '"':
          s = "\\\"";
          break;
        case '\'':
          s = "\\'";
          break;
        case '\\':
          s = "\\\\";
          break;
        default:
          s =
              b >= 0x20 && b <= 0x7e
                  ? String.valueOf((char) b)
                  : new String(new char[] {'\\', 'x', hex[b >> 4], hex[b & 0xf]});
      }
      TABLE[b] = s.toCharArray();
    }
  }

  private RustEscape() {}

  /** Appends the escaped form of {@code bytes} to {@code out}. */
  static void append(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(TABLE[b & 0xff]);
    }
  }

  /** The escaped form of {@code bytes}. */
  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    append(sb, bytes);
    return sb.toString();
  }
}
