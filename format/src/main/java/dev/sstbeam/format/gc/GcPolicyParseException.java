package dev.sstbeam.format.gc;

/**
 * A text that is not a garbage-collection policy. The message is one line, e.g.
 * {@code invalid gc policy at position 11: expected a number from 1 to 18446744073709551615,
 * found "0"}, where the position counts characters (Unicode code points) from 0.
 */
public final class GcPolicyParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int position;
  private final String expected;
  private final String found;

  GcPolicyParseException(int position, String expected, String found) {
    super("invalid gc policy at position " + position + ": expected " + expected + ", found "
        + found);
    this.position = position;
    this.expected = expected;
    this.found = found;
  }

  /** Where the text stops fitting: the 0-based index of the character, in code points. */
  public int position() {
    return position;
  }

  /** What would have fitted there, e.g. {@code ',' or ')'}. */
  public String expected() {
    return expected;
  }

  /** What is there instead, e.g. {@code 'x'}, {@code U+00A0}, {@code end of input}. */
  public String found() {
    return found;
  }
}
