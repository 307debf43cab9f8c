package dev.sstbeam.format.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.testsupport.Json;
import dev.sstbeam.format.testsupport.Vectors;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy text: every text of {@code vectors/gc/policies.json} is accepted or rejected as the
 * crate's {@code GarbageCollectionPolicy::try_from} does, with the crate's {@code Display}; the
 * display reads back to an equal policy; a rejected text names the position and what would have
 * fitted there.
 */
class GcPolicyParserTest {
  @SuppressWarnings("unchecked")
  static Stream<Arguments> policies() throws IOException {
    List<Object> entries = (List<Object>) Json.parse(Vectors.file("gc", "policies.json"));
    assertEquals(115, entries.size(), "policies.json entries");
    return entries.stream()
        .map(e -> (Map<String, Object>) e)
        .map(e -> Arguments.of(e.get("text"), e.get("ok"), e.get("display")));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void acceptsExactlyWhatTheCrateAcceptsWithItsDisplay(String text, boolean ok, String display) {
    if (!ok) {
      GcPolicyParseException e =
          assertThrows(GcPolicyParseException.class, () -> GcPolicy.parse(text), text);
      assertTrue(e.position() >= 0 && e.position() <= text.codePointCount(0, text.length()));
      assertTrue(e.getMessage().startsWith("invalid gc policy at position " + e.position()
          + ": expected "), e.getMessage());
      assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"),
          "one line: " + e.getMessage());
      return;
    }
    GcPolicy policy = GcPolicy.parse(text);
    assertEquals(display, policy.toString());
    GcPolicy again = GcPolicy.parse(display);
    assertEquals(policy, again, "display reads back");
    assertEquals(policy.hashCode(), again.hashCode());
    assertEquals(display, again.toString());
  }

  @Test
  void theVectorsCoverBothAnswers() throws IOException {
    long accepted = policies().filter(a -> (Boolean) a.get()[1]).count();
    assertEquals(53, accepted, "accepted texts in policies.json");
  }

  private static GcPolicyParseException rejected(String text) {
    return assertThrows(GcPolicyParseException.class, () -> GcPolicy.parse(text), text);
  }

  private static void assertRejected(String text, int position, String expected, String found) {
    GcPolicyParseException e = rejected(text);
    assertEquals(position, e.position(), e.getMessage());
    assertEquals(expected, e.expected(), e.getMessage());
    assertEquals(found, e.found(), e.getMessage());
  }

  @Test
  void errorsNameThePositionWhatWouldFitAndWhatIsThere() {
    String policy = "a policy (versions, ttl_micros, any or all)";
    String number = "a number from 1 to 18446744073709551615";
    assertRejected("", 0, policy, "end of input");
    assertRejected(" \n ", 3, policy, "end of input");
    assertRejected("Versions = 1", 0, policy, "'V'");
    assertRejected("versions = 0", 11, number, "\"0\"");
    assertRejected("versions = -0", 11, number, "\"-0\"");
    assertRejected("ttl_micros = -5", 13, number, "\"-5\"");
    assertRejected("versions = 18446744073709551616", 11, number, "\"18446744073709551616\"");
    assertRejected("versions = +1", 11, number, "'+'");
    assertRejected("versions = ", 11, number, "end of input");
    assertRejected("versions 1", 9, "'='", "'1'");
    assertRejected("versions\u3000= 1", 8, "'='", "U+3000");
    assertRejected("\u00a0versions = 1", 0, policy, "U+00A0");
    assertRejected("versions = 1.5", 12, "end of input", "'.'");
    assertRejected("versions = 1,", 12, "end of input", "','");
    assertRejected("versions = 1\u0000", 12, "end of input", "U+0000");
    assertRejected("any versions = 1)", 4, "'('", "'v'");
    assertRejected("any(versions = 1", 16, "',' or ')'", "end of input");
    assertRejected("any(foo)", 4, policy + ", ',' or ')'", "'f'");
    assertRejected("any(,,)", 5, "')'", "','");
    assertRejected("any(, versions = 1)", 6, "')'", "'v'");
    assertRejected("any(versions = 1,,)", 17, policy + " or ')'", "','");
    assertRejected("any(versions = 1, foo)", 18, policy + " or ')'", "'f'");
    assertRejected("any(versions = 1 ttl_micros = 2)", 17, "',' or ')'", "'t'");
    assertRejected("any(\n\tversions = 1\n\tversions = 2)", 20, "',' or ')'", "'v'");
    assertRejected("any(versions = 0)", 15, number, "\"0\"");
    // Positions count characters (code points), not UTF-16 units or bytes.
    assertRejected("any(\uD83D\uDE00)", 4, policy + ", ',' or ')'", "U+1F600");
    assertRejected("any()\uD83D\uDE00x", 5, "end of input", "U+1F600");
  }

  @Test
  void aLongNumberIsShortenedInTheMessage() {
    GcPolicyParseException e = rejected("versions = " + "9".repeat(100));
    assertEquals("\"" + "9".repeat(40) + "...\"", e.found());
  }

  @Test
  void numbersAreUnsigned64BitFromOne() {
    assertEquals(new GcPolicy.Versions(-1L), GcPolicy.parse("versions = 18446744073709551615"));
    assertEquals(new GcPolicy.TtlMicros(Long.MIN_VALUE), GcPolicy.parse("ttl_micros=9223372036854775808"));
    assertEquals(new GcPolicy.Versions(7), GcPolicy.parse("versions = 0000000000000000000000007"));
    assertEquals("ttl_micros = 9223372036854775808", new GcPolicy.TtlMicros(Long.MIN_VALUE).toString());
    assertThrows(IllegalArgumentException.class, () -> new GcPolicy.Versions(0));
    assertThrows(IllegalArgumentException.class, () -> new GcPolicy.TtlMicros(0));
  }

  @Test
  void policiesAreValuesWithTheCratesDisplay() {
    GcPolicy built =
        new GcPolicy.Any(
            new GcPolicy.All(new GcPolicy.Versions(2), new GcPolicy.TtlMicros(10)),
            new GcPolicy.Versions(1),
            new GcPolicy.All());
    assertEquals("any(all(versions = 2, ttl_micros = 10), versions = 1, all())", built.toString());
    GcPolicy parsed = GcPolicy.parse(" any ( all(versions=2,ttl_micros=10,), versions = 1 , all(,))");
    assertEquals(built, parsed);
    assertEquals(built.hashCode(), parsed.hashCode());
    assertNotEquals(new GcPolicy.Any(), new GcPolicy.All());
    assertNotEquals(new GcPolicy.Versions(3), new GcPolicy.TtlMicros(3));
    assertNotEquals(GcPolicy.parse("any(versions = 1, ttl_micros = 2)"),
        GcPolicy.parse("any(ttl_micros = 2, versions = 1)"));
    assertEquals(GcPolicy.parse("any(versions = 1, versions = 1)").toString(),
        "any(versions = 1, versions = 1)");
  }

  @Test
  void policiesSerializeToEqualPolicies() throws Exception {
    GcPolicy policy = GcPolicy.parse("all(any(versions = 3, ttl_micros = 18446744073709551615), any())");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(policy);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(policy, in.readObject());
    }
  }

  @Test
  void membersCannotBeChangedAfterConstruction() {
    List<GcPolicy> members = new java.util.ArrayList<>(List.of(new GcPolicy.Versions(1)));
    GcPolicy.Any any = new GcPolicy.Any(members);
    members.add(new GcPolicy.Versions(2));
    assertEquals("any(versions = 1)", any.toString());
    assertThrows(UnsupportedOperationException.class, () -> any.policies().clear());
  }

  @Test
  void nestingIsAcceptedUpToTheLimitAndRejectedBeyondIt() {
    int max = GcPolicyParser.MAX_DEPTH;
    String deepest = "any(".repeat(max - 1) + "all(versions = 1)" + ")".repeat(max - 1);
    GcPolicy policy = GcPolicy.parse(deepest);
    assertEquals(deepest, policy.toString());
    assertEquals(policy, GcPolicy.parse(policy.toString()));
    assertEquals(policy.hashCode(), GcPolicy.parse(deepest).hashCode());
    assertTrue(policy.determiner(0).retain(new byte[0], false, 0), "the deepest policy evaluates");

    String tooDeep = "any(".repeat(max) + "all()" + ")".repeat(max);
    GcPolicyParseException e = rejected(tooDeep);
    assertEquals(4 * max, e.position());
    assertEquals("at most 1000 levels of nested any(...) and all(...)", e.expected());
    assertEquals("'a'", e.found());
    // Ten times deeper still fails cleanly, with no StackOverflowError.
    rejected("all(".repeat(10 * max) + ")".repeat(10 * max));
  }
}
