package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Drives a cursor under test and a model cursor through the same random operation sequence and
 * compares their positions after every operation. A failure reports the case description, the
 * sequence seed, every operation so far, and both positions.
 */
final class OpChecker {
  /** An additional check after each operation; returns null when fine, else what is wrong. */
  interface Extra {
    String check();
  }

  private final String context;
  private final Cursor actual;
  private final ListCursor model;
  private final List<KeyValue> seekKeys;
  private final Extra extra;
  private final List<String> ops = new ArrayList<>();

  private OpChecker(String context, Cursor actual, ListCursor model, List<KeyValue> seekKeys,
      Extra extra) {
    this.context = context;
    this.actual = actual;
    this.model = model;
    this.seekKeys = seekKeys;
    this.extra = extra;
  }

  /**
   * Runs one random sequence of about {@code steps} operations, seeded with {@code seed}, on a
   * freshly created (before-first) {@code actual}; seek keys are drawn around {@code seekKeys}.
   */
  static void run(String context, long seed, Cursor actual, ListCursor model,
      List<KeyValue> seekKeys, int steps, Extra extra) {
    new OpChecker(context + " sequence-seed " + seed, actual, model, seekKeys, extra)
        .randomSequence(new Random(seed), steps);
  }

  /** Full forward and backward scans, compared item by item. */
  static void scans(String context, Cursor actual, ListCursor model, Extra extra) {
    OpChecker c = new OpChecker(context + " full scans", actual, model, List.of(), extra);
    c.apply("seekToFirst");
    do {
      c.apply("next");
    } while (model.hasItem());
    c.apply("next");
    c.apply("seekToLast");
    do {
      c.apply("prev");
    } while (model.hasItem());
    c.apply("prev");
  }

  private void randomSequence(Random r, int steps) {
    compare();
    for (int i = 0; i < steps; i++) {
      int c = r.nextInt(100);
      if (c < 8) {
        apply("seekToFirst");
      } else if (c < 16) {
        apply("seekToLast");
      } else if (c < 36) {
        apply("seek " + HexFormat.of().formatHex(RandomItems.seekKey(r, seekKeys)));
      } else {
        String op = c < 68 ? "next" : "prev";
        int run = r.nextInt(4) == 0 ? 1 + r.nextInt(40) : 1 + r.nextInt(3);
        for (int j = 0; j < run; j++) {
          apply(op);
        }
      }
    }
  }

  private void apply(String op) {
    ops.add(op);
    try {
      if (op.equals("seekToFirst")) {
        model.seekToFirst();
        actual.seekToFirst();
      } else if (op.equals("seekToLast")) {
        model.seekToLast();
        actual.seekToLast();
      } else if (op.equals("next")) {
        model.next();
        actual.next();
      } else if (op.equals("prev")) {
        model.prev();
        actual.prev();
      } else if (op.startsWith("seek ")) {
        byte[] key = HexFormat.of().parseHex(op.substring(5));
        model.seek(key);
        actual.seek(key);
      } else {
        throw new IllegalArgumentException(op);
      }
    } catch (Exception e) {
      throw new AssertionError(report("threw " + e), e);
    }
    compare();
  }

  private void compare() {
    KeyValue want = model.keyValue();
    KeyValue got;
    try {
      got = actual.keyValue();
      if (actual.hasItem() != (want != null)) {
        fail("hasItem " + actual.hasItem() + ", want " + want);
      }
      if (want == null && (actual.key() != null || actual.value() != null)) {
        fail("key()/value() not null without an item");
      }
    } catch (RuntimeException e) {
      throw new AssertionError(report("threw " + e), e);
    }
    if (!Objects.equals(want, got)) {
      fail("got " + got + ", want " + want);
    }
    if (extra != null) {
      String problem = extra.check();
      if (problem != null) {
        fail(problem + " (item " + want + ")");
      }
    }
  }

  private void fail(String what) {
    throw new AssertionError(report(what));
  }

  private String report(String what) {
    return context + ": after op #" + (ops.size() - 1) + " [" + (ops.isEmpty() ? "" : ops.get(ops.size() - 1))
        + "]: " + what + "\n  model position " + model.position() + "\n  ops: " + String.join(", ", ops);
  }
}
