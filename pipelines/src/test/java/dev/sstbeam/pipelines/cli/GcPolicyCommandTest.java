package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code sst gc-policy} answers every text of {@code vectors/gc/policies.json} as the crate does. */
class GcPolicyCommandTest {
  static Stream<Arguments> policies() {
    List<Object> entries =
        Json.array(Json.parse(Vectors.text(Vectors.file("gc", "policies.json"))));
    return entries.stream()
        .map(Json::object)
        .map(e -> Arguments.of(e.get("text"), e.get("ok"), e.get("display")));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void printsTheCratesDisplayOrNamesThePosition(String text, boolean ok, String display) {
    Cli.Result r = Cli.run("gc-policy", text);
    if (ok) {
      assertEquals("ok " + display + "\n", r.ok().out);
    } else {
      r.failsWith("gc-policy", "invalid gc policy at position ");
      assertEquals(2, r.status);
      assertEquals("", r.out);
    }
  }

  @Test
  void anInvalidPolicyIsOneLineWithThePositionAndWhatWasExpected() {
    Cli.Result r = Cli.run("gc-policy", "any(versions = 1,\n versions = 0)");
    assertEquals("sst gc-policy: invalid gc policy at position 30: expected a number from 1 to"
        + " 18446744073709551615, found \"0\"\n", r.err);
    assertEquals(2, r.status);
    r = Cli.run("gc-policy", "all(\u00a0)");
    assertEquals("sst gc-policy: invalid gc policy at position 4: expected a policy (versions,"
        + " ttl_micros, any or all), ',' or ')', found U+00A0\n", r.err);
  }

  @Test
  void takesExactlyOneText() {
    Cli.Result r = Cli.run("gc-policy");
    r.failsWith("gc-policy", "Missing required parameter");
    assertEquals(2, r.status);
    r = Cli.run("gc-policy", "versions = 1", "versions = 2");
    r.failsWith("gc-policy", "Unmatched argument");
    assertEquals(2, r.status);
    assertTrue(Cli.run("gc-policy", "--help").ok().out.startsWith("Usage: sst gc-policy"));
  }
}
