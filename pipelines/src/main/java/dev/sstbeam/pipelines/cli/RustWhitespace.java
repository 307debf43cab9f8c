package dev.sstbeam.pipelines.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace as Rust's {@code char::is_whitespace} defines it (the Unicode White_Space property),
 * for {@code str::split_whitespace} and {@code str::trim}, which the Rust tools use to parse their
 * input lines. Java's {@link Character#isWhitespace} differs (it excludes no-break spaces and
 * includes U+001C..U+001F), hence this class.
 */
final class RustWhitespace {
  private RustWhitespace() {}

  static boolean isWhitespace(int cp) {
    switch (cp) {
      case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20:
      case 0x85: case 0xa0: case 0x1680:
      case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
  }

  /** The non-empty runs of non-whitespace, like {@code str::split_whitespace}. */
  static List<String> split(String s) {
    List<String> tokens = new ArrayList<>(2);
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isWhitespace(cp)) {
        if (start >= 0) {
          tokens.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      tokens.add(s.substring(start));
    }
    return tokens;
  }

  /** {@code s} without leading and trailing whitespace, like {@code str::trim}. */
  static String trim(String s) {
    int begin = 0;
    int end = s.length();
    while (begin < end && isWhitespace(s.codePointAt(begin))) {
      begin += Character.charCount(s.codePointAt(begin));
    }
    while (end > begin && isWhitespace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(begin, end);
  }
}
