package dev.sstbeam.format.setsum;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static dev.sstbeam.format.testsupport.Vectors.unhex;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.testsupport.Vectors;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run by {@link HashingPathTest} in a JVM of its own (one hashing path per JVM): prints the path
 * in use, checks that its description matches the first argument (a regular expression), then,
 * with the argument {@code full}, checks {@link BatchedSetsum} on that path against the JDK's
 * SHA3-256 and the scalar {@link Setsum} (with {@code demand} instead, first checks when the
 * self-check starts, see {@link #demand}):
 *
 * <ul>
 *   <li>every item length 0..4096: a full group, a group more than half full and a single item
 *       of that length (the three ways a group is hashed), raw items and puts;
 *   <li>20,000 random puts, tombstones, raw items and removals of 0..6,000 bytes (so also items
 *       too long to batch), with setsums taken mid-stream;
 *   <li>every case of vectors/setsum/setsum.json, alone and mixed with items that cancel out.
 * </ul>
 *
 * Exits 1 at the first wrong result.
 */
public final class HashingPathProbe {
  private HashingPathProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[1].equals("demand")) {
      demand();
    }
    if (args.length > 1 && args[1].equals("wait")) {
      waitForWarmUp();
    }
    String description = SetsumHashing.description();
    System.out.println("setsum hashing: " + description);
    if (!description.matches(args[0])) {
      fail("the description does not match " + args[0]);
    }
    if (args.length > 1 && args[1].equals("full")) {
      int lanes = SetsumHashing.active() == null ? 4 : SetsumHashing.active().lanes();
      everyLength(lanes);
      randomMix();
      setsumVectors(lanes);
    }
    System.out.println("ok");
  }

  /**
   * With eager, the first batch waits for the warm-up: afterwards the path is decided, unless the
   * wait ran out (3 s, on a machine too busy for the warm-up).
   */
  private static void waitForWarmUp() {
    long t0 = System.nanoTime();
    BatchedSetsum s = new BatchedSetsum();
    s.insert(new byte[100]);
    long waited = System.nanoTime() - t0;
    if (SetsumHashing.active() == null && waited < 3_000_000_000L) {
      fail("the first item was hashed after " + waited / 1_000_000 + " ms, before the warm-up"
          + " decided");
    }
    System.out.println("wait: " + (SetsumHashing.active() != null ? "vector" : "scalar")
        + " from the first item");
  }

  /**
   * By default the self-check waits until BatchedSetsum has hashed {@link
   * SetsumHashing#DEMAND_BYTES} on the scalar path: checks that it has not started a little
   * before, and has a little after. Prints a line between the two, for the class-loading log.
   */
  private static void demand() {
    BatchedSetsum s = new BatchedSetsum();
    byte[] key = new byte[24];
    byte[] value = new byte[1000];
    long bytes = 0;
    long before = SetsumHashing.DEMAND_BYTES - (8 << 20);
    for (long ts = 0; bytes < before; ts++) {
      s.insertPut(key, ts, value);
      bytes += 9 + key.length + value.length;
    }
    s.setsum();
    if (SetsumHashing.selfCheckStarted() || SetsumHashing.active() != null) {
      fail("the self-check started after " + bytes + " bytes");
    }
    System.out.println("demand: not started after " + bytes + " bytes");
    for (long ts = 0; bytes < SetsumHashing.DEMAND_BYTES + (8 << 20); ts++) {
      s.insertPut(key, ts, value);
      bytes += 9 + key.length + value.length;
    }
    if (!SetsumHashing.selfCheckStarted()) {
      fail("the self-check has not started after " + bytes + " bytes");
    }
    System.out.println("demand: started after " + bytes + " bytes");
  }

  private static void everyLength(int lanes) throws Exception {
    MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
    Random rnd = new Random(4096);
    for (int len = 0; len <= 4096; len++) {
      // 2 lanes − 1 items: a full group, then more than half a group; then one item alone.
      BatchedSetsum groups = new BatchedSetsum();
      Setsum expectedGroups = new Setsum();
      BatchedSetsum single = new BatchedSetsum();
      Setsum expectedSingle = new Setsum();
      for (int i = 0; i < 2 * lanes; i++) {
        byte[] item = new byte[len];
        rnd.nextBytes(item);
        BatchedSetsum target = i < 2 * lanes - 1 ? groups : single;
        Setsum expected = i < 2 * lanes - 1 ? expectedGroups : expectedSingle;
        if (len >= 9 && i % 2 == 1) {
          // The same bytes as a put, 08 || key || LE64(ts) || value, key and value as slices.
          item[0] = 0x08;
          int keyLength = rnd.nextInt(Math.min(len - 9, 40) + 1);
          long ts = 0;
          for (int b = 7; b >= 0; b--) {
            ts = ts << 8 | (item[1 + keyLength + b] & 0xff);
          }
          target.insertPut(item, 1, keyLength, ts, item, 9 + keyLength, len - 9 - keyLength);
        } else {
          target.insert(item);
        }
        expected.add(Setsum.fromDigest(jdk.digest(item)));
      }
      check(groups.setsum(), expectedGroups, "length " + len + ", groups");
      check(single.setsum(), expectedSingle, "length " + len + ", alone");
    }
  }

  private static void randomMix() {
    Random rnd = new Random(20_000);
    BatchedSetsum batched = new BatchedSetsum();
    Setsum expected = new Setsum();
    byte[] buf = new byte[7000];
    for (int op = 0; op < 20_000; op++) {
      rnd.nextBytes(buf);
      int size = rnd.nextInt(8) == 0 ? rnd.nextInt(6001) : rnd.nextInt(1200);
      int keyLength = Math.min(size, rnd.nextInt(64));
      int valueLength = size - keyLength;
      int keyOff = rnd.nextInt(100);
      int valueOff = 200 + rnd.nextInt(100);
      long ts = rnd.nextLong();
      switch (rnd.nextInt(5)) {
        case 0:
        case 1:
          batched.insertPut(buf, keyOff, keyLength, ts, buf, valueOff, valueLength);
          expected.insertPut(buf, keyOff, keyLength, ts, buf, valueOff, valueLength);
          break;
        case 2:
          batched.insertDel(buf, keyOff, keyLength, ts);
          expected.insertDel(buf, keyOff, keyLength, ts);
          break;
        case 3: {
          KeyValue kv = KeyValue.put(slice(buf, keyOff, keyLength), ts,
              slice(buf, valueOff, valueLength));
          batched.insert(kv);
          expected.insert(kv);
          break;
        }
        default: {
          byte[] item = slice(buf, keyOff, size);
          if (rnd.nextBoolean()) {
            batched.remove(item);
            expected.remove(item);
          } else {
            batched.insert(item);
            expected.insert(item);
          }
        }
      }
      if (rnd.nextInt(1000) == 0) {
        check(batched.setsum(), expected, "random mix, mid-stream at op " + op);
      }
    }
    check(batched.setsum(), expected, "random mix");
  }

  private static void setsumVectors(int lanes) {
    Map<String, Object> vectors = Vectors.json(Vectors.file("setsum", "setsum.json"));
    List<Map<String, Object>> cases = list(vectors, "cases");
    Random rnd = new Random(7);
    for (Map<String, Object> c : cases) {
      List<String> insert = list(c, "insert");
      List<String> remove = list(c, "remove");
      for (boolean mixed : new boolean[] {false, true}) {
        BatchedSetsum s = new BatchedSetsum();
        byte[][] fillers = new byte[mixed ? 2 * lanes : 0][];
        for (int i = 0; i < fillers.length; i++) {
          fillers[i] = new byte[rnd.nextInt(300)];
          rnd.nextBytes(fillers[i]);
          s.insert(fillers[i]);
        }
        for (String item : insert) {
          s.insert(unhex(item));
        }
        for (String item : remove) {
          s.remove(unhex(item));
        }
        for (byte[] f : fillers) {
          s.remove(f);
        }
        String got = s.setsum().hexDigest();
        if (!got.equals(str(c, "digest"))) {
          fail("setsum vector " + str(c, "name") + (mixed ? " (mixed)" : "") + ": " + got
              + " instead of " + str(c, "digest"));
        }
      }
    }
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  private static void check(Setsum got, Setsum expected, String what) {
    if (!got.equals(expected)) {
      fail(what + ": " + got + " instead of " + expected);
    }
  }

  private static void fail(String what) {
    System.out.println("WRONG: " + what);
    System.exit(1);
  }
}
