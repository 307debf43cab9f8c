package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.pipelines.SstCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code setsum-calculator}: the Rust setsum crate's stack calculator (FORMAT.md §8.4), reading
 * lines from standard input, with its exact messages:
 *
 * <pre>
 * a line of exactly 64 hex digits (not trimmed)  push it, print nothing
 * "pop"  (trimmed)   pop, print nothing (nothing happens on an empty stack)
 * "+"    (trimmed)   pop rhs, pop lhs, push lhs + rhs, print  | stderr "need at least two items on the stack to add"
 * "-"    (trimmed)   pop rhs, pop lhs, push lhs - rhs, print  | stderr "need at least two items on the stack to subtract"
 * "!"    (trimmed)   replace the top x by 0 - x, print        | stderr "need at least one item on the stack to take inverse"
 * anything else      stderr "don't know how to parse &lt;line&gt; as setsum or operation"
 *
 * print: "empty stack" | "&lt;top hexdigest&gt;" | "&lt;top hexdigest&gt; (+N more value(s) on the stack)", N = depth - 1
 * </pre>
 *
 * Error lines leave the stack unchanged and the exit status 0, as in Rust. Output is flushed after
 * every line, so it can be used interactively.
 */
@Command(
    name = "setsum-calculator",
    mixinStandardHelpOptions = true,
    description = {
      "A stack calculator for setsums, as the Rust setsum-calculator.",
      "Reads lines from stdin: a 64-hex-digit setsum is pushed; '+' and '-' combine the",
      "top two; '!' inverts the top; 'pop' drops it. Results are printed as hexdigests."
    })
public final class SetsumCalculatorCommand extends ToolCommand {
  @ParentCommand SstCommand parent;

  private final List<Setsum> stack = new ArrayList<>();

  @Override
  protected int run() throws IOException, ToolFailure {
    RustLines lines = new RustLines(parent == null ? System.in : parent.stdin());
    String line;
    while ((line = lines.next()) != null) {
      Setsum pushed = parseHexDigest(line);
      String op = RustWhitespace.trim(line);
      if (pushed != null) {
        stack.add(pushed);
      } else if (op.equals("pop")) {
        if (!stack.isEmpty()) {
          stack.remove(stack.size() - 1);
        }
      } else if (op.equals("+") || op.equals("-")) {
        if (stack.size() >= 2) {
          Setsum rhs = stack.remove(stack.size() - 1);
          Setsum lhs = stack.remove(stack.size() - 1);
          stack.add(op.equals("+") ? lhs.plus(rhs) : lhs.minus(rhs));
          printStack();
        } else {
          eprintln(
              "need at least two items on the stack to "
                  + (op.equals("+") ? "add" : "subtract"));
        }
      } else if (op.equals("!")) {
        if (!stack.isEmpty()) {
          // Rust computes Setsum::default() - x, which is not quite Setsum::inverse(): a zero
          // column stays zero.
          stack.add(new Setsum().minus(stack.remove(stack.size() - 1)));
          printStack();
        } else {
          eprintln("need at least one item on the stack to take inverse");
        }
      } else {
        eprintln("don't know how to parse " + line + " as setsum or operation");
      }
    }
    return OK;
  }

  private void printStack() {
    if (stack.size() > 1) {
      println(
          stack.get(stack.size() - 1).hexDigest()
              + " (+" + (stack.size() - 1) + " more value(s) on the stack)");
    } else if (!stack.isEmpty()) {
      println(stack.get(0).hexDigest());
    } else {
      println("empty stack");
    }
    out().flush();
  }

  /** Exactly 64 ASCII hex digits, either case, as Rust's {@code Setsum::from_hexdigest}; else null. */
  static Setsum parseHexDigest(String line) {
    if (line.length() != 2 * Setsum.DIGEST_LENGTH) {
      return null;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return null;
      }
    }
    return Setsum.fromHexDigest(line);
  }
}
