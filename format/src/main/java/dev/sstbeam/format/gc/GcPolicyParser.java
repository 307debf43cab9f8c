package dev.sstbeam.format.gc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the text form of a policy, accepting exactly what the crate's parser (nom combinators in
 * {@code gc.rs}) accepts (FORMAT.md §6.7; {@code vectors/gc/policies.json}):
 *
 * <pre>
 * policy := WS ( "versions" WS "=" WS number WS
 *              | "ttl_micros" WS "=" WS number WS
 *              | ("any" | "all") WS "(" WS list [","] WS ")" WS )
 * list   := [ policy { "," policy } ]    -- a "," is a separator only when a policy follows it
 * number := ["-"] digit { digit }        -- must be a u64 from 1 to 18446744073709551615
 * WS     := { " " | "\t" | "\r" | "\n" } -- no other whitespace, ASCII or not
 * </pre>
 *
 * The whole text must be one policy. Consequences the vectors show: trailing commas inside the
 * parentheses ({@code any(versions = 1,)}, {@code any(,)}), but not two ({@code any(,,)}), nor a
 * leading one before a member ({@code any(, versions = 1)}), nor after the top-level policy;
 * leading zeros ({@code 007}); no sign but a {@code -} that always fails ({@code -0} too); words
 * are case-sensitive; no space is needed between tokens ({@code versions=1}).
 *
 * <p>The crate's parser commits once it has read a keyword: anything wrong after it is an error
 * there, never a reason to try another reading. So is this one, which reports the first character
 * that does not fit and what would have fitted.
 *
 * <p>One difference: {@code any}/{@code all} may nest at most {@value #MAX_DEPTH} levels deep. The
 * crate's recursive parser has no limit of its own and overflows its thread's stack somewhere
 * past 10,000 levels (it aborts the process); here a deeper text is rejected like any other
 * invalid text.
 */
final class GcPolicyParser {
  /** The deepest nesting of {@code any}/{@code all} accepted. */
  static final int MAX_DEPTH = 1000;

  private static final String POLICY = "a policy (versions, ttl_micros, any or all)";
  private static final String NUMBER = "a number from 1 to 18446744073709551615";

  private final String text;
  private int pos;

  private GcPolicyParser(String text) {
    this.text = text;
  }

  static GcPolicy parse(String text) {
    GcPolicyParser parser = new GcPolicyParser(Objects.requireNonNull(text, "text"));
    GcPolicy policy = parser.policy(0);
    if (policy == null) {
      parser.skipWhitespace();
      throw parser.error(POLICY);
    }
    if (parser.pos < text.length()) {
      throw parser.error("end of input");
    }
    return policy;
  }

  /**
   * A policy starting at {@code pos} (after optional whitespace) with its trailing whitespace, or
   * null, with {@code pos} unchanged, when no keyword starts there. {@code depth} counts the
   * enclosing {@code any}/{@code all}.
   */
  private GcPolicy policy(int depth) {
    int start = pos;
    skipWhitespace();
    int keyword = pos;
    if (take("versions")) {
      return new GcPolicy.Versions(assignment());
    }
    if (take("ttl_micros")) {
      return new GcPolicy.TtlMicros(assignment());
    }
    boolean any = take("any");
    if (any || take("all")) {
      if (depth >= MAX_DEPTH) {
        pos = keyword;
        throw error("at most " + MAX_DEPTH + " levels of nested any(...) and all(...)");
      }
      List<GcPolicy> members = members(depth + 1);
      return any ? new GcPolicy.Any(members) : new GcPolicy.All(members);
    }
    pos = start;
    return null;
  }

  /** {@code WS "=" WS number WS}, after {@code versions} or {@code ttl_micros}. */
  private long assignment() {
    skipWhitespace();
    expect('=', "'='");
    skipWhitespace();
    long n = number();
    skipWhitespace();
    return n;
  }

  /**
   * The number as Rust's {@code u64::from_str} reads the characters nom recognized: an optional
   * {@code -} (which u64 never accepts) and ASCII digits, leading zeros allowed, at most 2^64 − 1;
   * then not 0.
   */
  private long number() {
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digits) {
      throw error(NUMBER);
    }
    String literal = text.substring(start, pos);
    pos = start;
    long n = 0;
    if (digits == start) {
      try {
        n = Long.parseUnsignedLong(literal);
      } catch (NumberFormatException e) {
        n = 0; // more than 2^64 - 1
      }
    }
    if (n == 0) {
      throw error(NUMBER, quote(literal));
    }
    pos += literal.length();
    return n;
  }

  /** A literal for a one-line message, shortened when it is long. */
  private static String quote(String literal) {
    int max = 40;
    return '"' + (literal.length() <= max ? literal : literal.substring(0, max) + "...") + '"';
  }

  /**
   * {@code WS "(" WS list [","] WS ")" WS}, after {@code any} or {@code all}. After a member, a
   * comma followed by something other than a member is the optional trailing comma.
   */
  private List<GcPolicy> members(int depth) {
    skipWhitespace();
    expect('(', "'('");
    skipWhitespace();
    List<GcPolicy> members = new ArrayList<>();
    GcPolicy member = policy(depth);
    if (member != null) {
      members.add(member);
      while (peek(',')) {
        int comma = pos;
        pos++;
        member = policy(depth);
        if (member == null) {
          pos = comma;
          break;
        }
        members.add(member);
      }
    }
    boolean trailingComma = peek(',');
    if (trailingComma) {
      pos++;
    }
    skipWhitespace();
    if (!peek(')')) {
      // What would have fitted here: after the trailing comma of a non-empty list a member could
      // still have followed (as the separator), after a lone comma only the parenthesis.
      String expected;
      if (members.isEmpty()) {
        expected = trailingComma ? "')'" : POLICY + ", ',' or ')'";
      } else {
        expected = trailingComma ? POLICY + " or ')'" : "',' or ')'";
      }
      throw error(expected);
    }
    pos++;
    skipWhitespace();
    return members;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      pos++;
    }
  }

  private boolean take(String word) {
    if (text.startsWith(word, pos)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c, String expected) {
    if (!peek(c)) {
      throw error(expected);
    }
    pos++;
  }

  private GcPolicyParseException error(String expected) {
    return error(expected, describe(text, pos));
  }

  private GcPolicyParseException error(String expected, String found) {
    return new GcPolicyParseException(text.codePointCount(0, pos), expected, found);
  }

  /** The character at {@code at} for a one-line message: {@code 'x'}, {@code '\n'}, {@code U+00A0}. */
  private static String describe(String text, int at) {
    if (at >= text.length()) {
      return "end of input";
    }
    int c = text.codePointAt(at);
    switch (c) {
      case '\t':
        return "'\\t'";
      case '\n':
        return "'\\n'";
      case '\r':
        return "'\\r'";
      default:
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }
  }
}
