package dev.sstbeam.format.setsum;

import dev.sstbeam.format.wire.Bytes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Run by {@link JitRegressionTest} in a JVM of its own with {@code -XX:-TieredCompilation}, so C2
 * compiles the methods below from a known profile. First it makes {@code String.charAt} see UTF-16
 * strings: that profile is what let JDK 17.0.15's C2 compile a byte-array-view VarHandle load after
 * a loop of byte stores into the same array to read zeros (the Flink CI failure). Then it checks
 * every C2-compiled path that fills a byte array and reads it back wide, among them
 * {@link BatchedSetsum}, which copies each item into a byte array and reads it back as vectors
 * (on the vector path when the JVM has it). Exits 1 on the first wrong result.
 */
public final class JitProbe {
  private JitProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    Random rnd = new Random(1);
    HexFormat hex = HexFormat.of();
    String[] digests = new String[64];
    for (int i = 0; i < digests.length; i++) {
      byte[] b = new byte[Setsum.DIGEST_LENGTH];
      rnd.nextBytes(b);
      digests[i] = hex.formatHex(b);
    }
    long sink = 0;
    String utf16 = "\u00e9\u4e2d" + digests[0];
    for (int i = 0; i < 200_000; i++) {
      String s = i % 2 == 0 ? utf16 : digests[i & 63];
      for (int j = 0; j < s.length(); j++) {
        sink += s.charAt(j);
      }
    }

    byte[][] items = new byte[64][];
    byte[][] jdkHashes = new byte[64][];
    MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
    for (int i = 0; i < items.length; i++) {
      items[i] = new byte[rnd.nextInt(700)];
      rnd.nextBytes(items[i]);
      jdkHashes[i] = jdk.digest(items[i]);
    }

    Setsum[] itemSetsums = new Setsum[items.length];
    for (int i = 0; i < items.length; i++) {
      itemSetsums[i] = new Setsum().add(Setsum.fromDigest(jdkHashes[i]));
    }
    BatchedSetsum batched = new BatchedSetsum();
    Setsum expectedBatched = new Setsum();

    for (int n = 0; n < rounds; n++) {
      int k = n & 63;
      batched.insert(items[k]);
      expectedBatched.add(itemSetsums[k]);
      if ((n & 255) == 255 && !batched.setsum().equals(expectedBatched)) {
        fail("BatchedSetsum (" + SetsumHashing.description() + ") = " + batched.setsum(), n);
      }
      String h = digests[k];
      String parsed = Setsum.fromHexDigest(h).hexDigest();
      if (!parsed.equals(h)) {
        fail("Setsum.fromHexDigest(" + h + ").hexDigest() = " + parsed, n);
      }
      byte[] ours = Sha3.hash(items[k], 0, items[k].length);
      if (!Arrays.equals(ours, jdkHashes[k])) {
        fail("Sha3 of item " + k + " = " + hex.formatHex(ours), n);
      }
      byte[] b = new byte[8];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (n + i);
      }
      long expected = 0;
      for (int i = 7; i >= 0; i--) {
        expected = expected << 8 | (b[i] & 0xff);
      }
      if (Bytes.getLE64(b, 0) != expected) {
        fail("Bytes.getLE64 after byte stores = " + Long.toHexString(Bytes.getLE64(b, 0)), n);
      }
    }
    System.out.println("ok " + rounds + " rounds " + (sink & 1) + "; setsum hashing: "
        + SetsumHashing.description());
  }

  private static void fail(String what, int round) {
    System.out.println("WRONG in round " + round + ": " + what);
    System.exit(1);
  }
}
