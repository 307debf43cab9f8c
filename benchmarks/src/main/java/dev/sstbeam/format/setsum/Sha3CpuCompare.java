package dev.sstbeam.format.setsum;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Random;

/**
 * A/B of the JDK's SHA3-256 and {@link Sha3} by thread CPU time, alternating the two in rounds so
 * that both see the same machine load; prints the best round of each (ns per hash) and MB/s. For a
 * shared, busy machine, where JMH's wall-clock figures swing; Sha3Benchmark is the reference.
 *
 * <p>Usage: {@code Sha3CpuCompare [rounds=15] [length... default 100 600 1100]}.
 */
public final class Sha3CpuCompare {
  private Sha3CpuCompare() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int[] lengths = {100, 600, 1100};
    if (args.length > 1) {
      lengths = new int[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        lengths[i - 1] = Integer.parseInt(args[i]);
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
    Sha3 ours = new Sha3();
    byte[] out = new byte[32];
    System.out.println(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    for (int len : lengths) {
      byte[] m = new byte[len];
      new Random(len).nextBytes(m);
      int reps = Math.max(2000, 20_000_000 / (len + 64));
      long bestJdk = Long.MAX_VALUE;
      long bestOurs = Long.MAX_VALUE;
      int sink = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          jdk.update(m, 0, len);
          jdk.digest(out, 0, 32);
          sink += out[0];
        }
        long t1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          ours.update(m, 0, len);
          ours.digest(out);
          sink += out[0];
        }
        long t2 = mx.getCurrentThreadCpuTime();
        bestJdk = Math.min(bestJdk, t1 - t0);
        bestOurs = Math.min(bestOurs, t2 - t1);
      }
      double nsJdk = (double) bestJdk / reps;
      double nsOurs = (double) bestOurs / reps;
      System.out.printf(
          "len %5d  jdk %8.1f ns (%6.1f MB/s)  ours %8.1f ns (%6.1f MB/s)  speed-up %.2fx  [%d]%n",
          len, nsJdk, len / nsJdk * 1e3, nsOurs, len / nsOurs * 1e3, nsJdk / nsOurs, sink & 1);
    }
  }
}
