package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.setsum.Setsum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetsumCalculatorCommandTest {
  private static final String ZERO = "0".repeat(64);

  /** Every merge of vectors/setsum/setsum.json, computed by Rust's + and -. */
  @Test
  void mergesOfTheVectors() {
    List<Object> merges =
        Json.array(Vectors.json(Vectors.file("setsum", "setsum.json")).get("merges"));
    for (Object o : merges) {
      Map<String, Object> m = Json.object(o);
      String session = m.get("lhs_digest") + "\n" + m.get("rhs_digest") + "\n" + m.get("op") + "\n";
      Cli.Result r = Cli.runWithInput(session, "setsum-calculator").ok();
      assertEquals(m.get("digest") + "\n", r.out, "merge " + m.get("lhs") + m.get("op") + m.get("rhs"));
    }
  }

  @Test
  void aSession() {
    Map<String, Object> m =
        Json.object(Json.array(Vectors.json(Vectors.file("setsum", "setsum.json")).get("merges")).get(0));
    String a = (String) m.get("lhs_digest");
    String b = (String) m.get("rhs_digest");
    String input = String.join("\n",
        "+",                 // too few operands
        a,                   // [a]
        "!",                 // [-a]
        "!",                 // [a]
        a.toUpperCase(),     // [a, a]: hex digits in either case
        b,                   // [a, a, b]
        " - ",               // [a, a-b]: operators are trimmed
        "-",                 // [a - (a-b)] = [b]
        "pop",               // []
        " " + a,             // not a setsum: digests are not trimmed
        "hello",
        "pop",               // popping an empty stack does nothing
        "!",
        "-");
    Cli.Result r = Cli.runWithInput(input + "\n", "setsum-calculator");
    assertEquals(0, r.status);
    Setsum sa = Setsum.fromHexDigest(a);
    Setsum sb = Setsum.fromHexDigest(b);
    assertEquals(
        new Setsum().minus(sa).hexDigest() + "\n"
            + a + "\n"
            + sa.minus(sb).hexDigest() + " (+1 more value(s) on the stack)\n"
            + b + "\n",
        r.out);
    assertEquals(
        "need at least two items on the stack to add\n"
            + "don't know how to parse  " + a + " as setsum or operation\n"
            + "don't know how to parse hello as setsum or operation\n"
            + "need at least one item on the stack to take inverse\n"
            + "need at least two items on the stack to subtract\n",
        r.err);
  }

  /** Rust computes "!" as 0 - x, which keeps zero columns at zero. */
  @Test
  void inverseOfZeroIsZero() {
    assertEquals(ZERO + "\n", Cli.runWithInput(ZERO + "\n!\n", "setsum-calculator").ok().out);
  }
}
