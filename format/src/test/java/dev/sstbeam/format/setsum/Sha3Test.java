package dev.sstbeam.format.setsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our SHA3-256 against the JDK's, bit for bit. */
class Sha3Test {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] jdk(byte[] b, int off, int len) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA3-256");
    md.update(b, off, len);
    return md.digest();
  }

  @Test
  void knownAnswers() {
    assertEquals(
        "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        HEX.formatHex(Sha3.hash(new byte[0], 0, 0)));
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        HEX.formatHex(Sha3.hash(abc, 0, 3)));
  }

  @Test
  void lengthsAroundRateMultiplesAtSeveralOffsets() throws Exception {
    Random rnd = new Random(1);
    byte[] data = new byte[5000 + 16];
    rnd.nextBytes(data);
    int[] lengths = {0, 1, 7, 8, 9, 127, 128, 129, 134, 135, 136, 137, 143, 144, 271, 272, 273,
        407, 408, 409, 543, 544, 545, 1359, 1360, 1361, 4895, 4896, 4897, 5000};
    for (int len : lengths) {
      for (int off : new int[] {0, 1, 3, 8, 13}) {
        assertArrayEquals(
            jdk(data, off, len), Sha3.hash(data, off, len), "len " + len + " off " + off);
      }
    }
  }

  @Test
  void exactRateMultiplesAndNeighbours() throws Exception {
    Random rnd = new Random(7);
    for (int len : new int[] {135, 136, 137, 271, 272, 273, 408, 1088, 1224}) {
      for (int k = 0; k < 50; k++) {
        byte[] m = new byte[len];
        rnd.nextBytes(m);
        assertArrayEquals(jdk(m, 0, len), Sha3.hash(m, 0, len), "len " + len);
      }
    }
  }

  /**
   * ItemHasher feeds puts and tombstones piece by piece; the result must be the JDK's hash of the
   * concatenation {@code 08|09 || key || LE64(ts) [|| value]} (FORMAT.md §7.3), including keys whose
   * length puts the timestamp across a block boundary.
   */
  @Test
  void itemPiecesHashLikeTheirConcatenation() throws Exception {
    Random rnd = new Random(3);
    for (int iter = 0; iter < 2000; iter++) {
      byte[] key = new byte[iter < 300 ? iter : rnd.nextInt(600)];
      byte[] value = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1200)];
      rnd.nextBytes(key);
      rnd.nextBytes(value);
      long ts = rnd.nextLong();
      byte[] put = new byte[1 + key.length + 8 + value.length];
      put[0] = 0x08;
      System.arraycopy(key, 0, put, 1, key.length);
      for (int i = 0; i < 8; i++) {
        put[1 + key.length + i] = (byte) (ts >>> (8 * i));
      }
      System.arraycopy(value, 0, put, 1 + key.length + 8, value.length);
      assertArrayEquals(jdk(put, 0, put.length), ItemHasher.get().hashPut(key, ts, value));
      put[0] = 0x09;
      assertArrayEquals(jdk(put, 0, 1 + key.length + 8), ItemHasher.get().hashDel(key, ts));
    }
  }

  /**
   * 5,000 messages: every even length 0..4998 and 2,500 random lengths 0..5000, each hashed in one
   * call and again fed to a reused instance in random pieces (arrays, single bytes, LE64 words).
   */
  @Test
  void thousandsOfLengthsInOneShotAndInPieces() throws Exception {
    Random rnd = new Random(42);
    byte[] data = new byte[5001];
    Sha3 reused = new Sha3();
    byte[] out = new byte[32];
    for (int iter = 0; iter < 5000; iter++) {
      int len = iter % 2 == 0 ? iter : rnd.nextInt(5001);
      rnd.nextBytes(data);
      int off = rnd.nextInt(data.length - len + 1);
      byte[] expected = jdk(data, off, len);
      assertArrayEquals(expected, Sha3.hash(data, off, len), "len " + len);

      int p = off;
      int end = off + len;
      while (p < end) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
          reused.update(data[p++]);
        } else if (kind == 1 && end - p >= 8) {
          long v = 0;
          for (int i = 7; i >= 0; i--) {
            v = v << 8 | (data[p + i] & 0xff);
          }
          reused.updateLE64(v);
          p += 8;
        } else {
          int n = Math.min(end - p, rnd.nextInt(300));
          reused.update(data, p, n);
          p += n;
        }
      }
      reused.digest(out);
      assertArrayEquals(expected, out, "pieces, len " + len);
    }
  }
}
