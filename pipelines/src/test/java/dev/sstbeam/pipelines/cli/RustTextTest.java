package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Rust text conventions the tools rely on: escape_default, lines(), split_whitespace, trim. */
class RustTextTest {
  @Test
  void escapeDefaultOfEveryByte() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    StringBuilder expected = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      if (b == '\t') {
        expected.append("\\t");
      } else if (b == '\r') {
        expected.append("\\r");
      } else if (b == '\n') {
        expected.append("\\n");
      } else if (b == '"' || b == '\'' || b == '\\') {
        expected.append('\\').append((char) b);
      } else if (b >= 0x20 && b < 0x7f) {
        expected.append((char) b);
      } else {
        expected.append(String.format("\\x%02x", b));
      }
    }
    assertEquals(expected.toString(), RustEscape.escape(all));
  }

  @Test
  void linesLikeBufReadLines() throws Exception {
    RustLines lines = new RustLines(new ByteArrayInputStream("a\r\nb\rc\n\nlast\r".getBytes()));
    assertEquals("a", lines.next());
    assertEquals("b\rc", lines.next());
    assertEquals("", lines.next());
    assertEquals("last\r", lines.next());
    assertEquals(4, lines.lineNumber());
    assertNull(lines.next());
    RustLines bad = new RustLines(new ByteArrayInputStream(new byte[] {'o', 'k', '\n', (byte) 0xff}));
    assertEquals("ok", bad.next());
    assertThrows(ToolFailure.class, bad::next);
  }

  @Test
  void whitespaceIsUnicodeWhiteSpace() {
    assertEquals(List.of("a", "b"), RustWhitespace.split("\u00a0a\u2003\u000bb\u3000"));
    assertEquals(List.of("a\u001fb"), RustWhitespace.split("a\u001fb"));
    assertEquals("pop", RustWhitespace.trim("\u0085 pop\t\u202f"));
  }
}
