package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.GcPolicyParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gc-policy TEXT}: checks a garbage-collection policy as the Rust crate's parser does and
 * prints {@code ok <its Display>} (the canonical text), exit 0; an invalid text is one line naming
 * the position of the first character that does not fit and what was expected there, exit 2.
 */
@Command(
    name = "gc-policy",
    mixinStandardHelpOptions = true,
    description = {
      "Check a garbage-collection policy as the Rust sst crate parses it, and print",
      "'ok <policy>' with the policy in its canonical form. An invalid policy is a",
      "usage error (exit status 2) naming the position where it goes wrong."
    })
public final class GcPolicyCommand extends ToolCommand {
  @Parameters(
      index = "0",
      paramLabel = "TEXT",
      description = "versions = N, ttl_micros = N, any(P, ...) or all(P, ...).")
  String text;

  @Override
  protected int run() {
    GcPolicy policy;
    try {
      policy = GcPolicy.parse(text);
    } catch (GcPolicyParseException e) {
      fail(e.getMessage());
      return spec.exitCodeOnInvalidInput();
    }
    println("ok " + policy);
    return OK;
  }
}
