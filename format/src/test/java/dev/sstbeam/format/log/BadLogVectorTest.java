package dev.sstbeam.format.log;

import static dev.sstbeam.format.testsupport.Vectors.num;
import static dev.sstbeam.format.testsupport.Vectors.obj;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vectors/bad/log_*.log: the reader prints what {@code log-dump} printed before failing and
 * then fails with the Rust error code and numeric fields; {@code truncateFinalPartialFrame}
 * answers what {@code log-truncate-final-partial-frame} answered; and the block-range readers
 * never do worse than fail with an SstException after a prefix of the records.
 */
class BadLogVectorTest {
  /** The error fields whose values are numbers that a compatible reader must reproduce. */
  private static final List<String> NUMERIC_FIELDS =
      List.of("offset", "expected", "computed", "header_size", "size", "discriminant", "trued_up");

  static List<String> badLogs() {
    return Vectors.badLogNames();
  }

  private static Path log(String name) {
    return Vectors.file("bad", name + ".log");
  }

  private static Map<String, Object> json(String name) {
    return Vectors.json(Vectors.file("bad", name + ".json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogs")
  void readerPrintsWhatLogDumpPrintedThenFailsWithTheRustErrorCodeAndFields(String name)
      throws Exception {
    Map<String, Object> v = json(name);
    Map<String, Object> expect = obj(v, "expect");
    assertEquals(num(v, "file_size"), Files.size(log(name)));

    Reads.Outcome out = Reads.readAll(log(name));
    assertEquals(num(expect, "records_printed"), out.items.size(), () -> "records before: " + out);
    StringBuilder dump = new StringBuilder();
    for (KeyValue kv : out.items) {
      dump.append(Reads.dumpLine(kv)).append('\n');
    }
    assertEquals(str(v, "stdout"), dump.toString());

    if (num(expect, "exit_status") == 0) {
      assertNull(out.error, () -> "expected a clean end, got " + out.error);
    } else {
      assertNotNull(out.error, "expected " + str(expect, "error_code") + ", got a clean end");
      assertSameError(str(expect, "error_code"), obj(expect, "error_fields"), out.error);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogs")
  void truncateFinalPartialFrameAnswersLikeTheRustTool(String name) throws Exception {
    Map<String, Object> t = obj(json(name), "log_truncate_final_partial_frame");
    if (num(t, "exit_status") == 0) {
      String stdout = str(t, "stdout");
      OptionalLong got = LogRepair.truncateFinalPartialFrame(log(name));
      Matcher m = Pattern.compile("truncate to (\\d+) bytes\n").matcher(stdout);
      if (m.matches()) {
        assertEquals(OptionalLong.of(Long.parseLong(m.group(1))), got);
      } else {
        assertEquals("truncate cannot help\n", stdout);
        assertEquals(OptionalLong.empty(), got);
      }
    } else {
      SstException e =
          assertThrows(SstException.class, () -> LogRepair.truncateFinalPartialFrame(log(name)));
      assertSameError(str(t, "error_code"), obj(t, "error_fields"), e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogs")
  void wholeFileRangeReadersBehaveExactlyLikeTheSequentialReader(String name) throws Exception {
    Path path = log(name);
    Reads.Outcome seq = Reads.readAll(path);
    LogRanges plan = LogRanges.plan(path);
    long blocks = plan.blocks();
    assertEquals(LogRanges.blockCount(Files.size(path)), blocks);
    for (int which = 0; which < 2; which++) {
      String what = (which == 0 ? "plan.open" : "openRange") + "(0, " + blocks + ")";
      LogReader r = which == 0 ? plan.open(0, blocks) : LogRanges.openRange(path, 0, blocks);
      Reads.Outcome out = Reads.drain(r, name + " " + what);
      assertEquals(seq.items, out.items, what);
      if (seq.error == null) {
        assertNull(out.error, what);
      } else {
        assertNotNull(out.error, what);
        assertEquals(seq.error.code(), out.error.code(), what);
        assertEquals(seq.error.fields(), out.error.fields(), what);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogs")
  void singleBlockRangesGiveAPrefixOfTheRecordsThenAnSstException(String name) throws Exception {
    Path path = log(name);
    Reads.Outcome seq = Reads.readAll(path);
    LogRanges plan = LogRanges.plan(path);
    for (int which = 0; which < 2; which++) {
      String what = which == 0 ? "plan.open" : "openRange";
      Reads.Outcome all = new Reads.Outcome();
      for (long k = 0; k < plan.blocks() && all.error == null; k++) {
        LogReader r = which == 0 ? plan.open(k, k + 1) : LogRanges.openRange(path, k, k + 1);
        Reads.Outcome part = Reads.drain(r, name + " " + what + "(" + k + ", " + (k + 1) + ")");
        all.items.addAll(part.items);
        all.error = part.error;
      }
      assertTrue(all.items.size() <= seq.items.size(), what + ": more records than sequential");
      assertEquals(seq.items.subList(0, all.items.size()), all.items, what + ": not a prefix");
      if (seq.error == null) {
        assertNull(all.error, what);
        assertEquals(seq.items.size(), all.items.size(), what);
      } else {
        assertNotNull(all.error, what + ": corruption went unnoticed");
        if (all.items.size() == seq.items.size()) {
          assertEquals(seq.error.code(), all.error.code(), what);
        }
      }
    }
  }

  private static void assertSameError(
      String code, Map<String, Object> fields, SstException actual) {
    if (!code.equals(actual.code().code())) {
      fail("expected " + code + " but got " + actual.getMessage(), actual);
    }
    for (String f : NUMERIC_FIELDS) {
      if (fields.containsKey(f)) {
        assertEquals(fields.get(f), actual.fields().get(f), () -> "field " + f + " of " + actual);
      }
    }
    if (fields.containsKey("kind")) {
      assertEquals(fields.get("kind"), actual.fields().get("kind"));
    }
  }
}
