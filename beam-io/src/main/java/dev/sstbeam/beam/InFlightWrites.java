package dev.sstbeam.beam;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@link SstIO#write()} jobs that are writing files in this JVM, by job token. A
 * runner may report a failed pipeline while other bundles of it still run (the direct runner
 * does), so a driver cleaning up after the failure first {@link #abandon abandons} the job: steps
 * that start from then on fail at once, long ones stop at their next {@link #checkNotAbandoned
 * check}, and the cleanup waits until none is left before it deletes anything. Workers in other
 * JVMs are not seen here; what they leave is removed by the next write that claims the directory.
 */
final class InFlightWrites {
  private static final Logger LOG = LoggerFactory.getLogger(SstIO.class);
  private static final Map<String, Integer> RUNNING = new HashMap<>();
  private static final Set<String> ABANDONED = new HashSet<>();

  private InFlightWrites() {}

  /** A step that writes; closing it ends the step. */
  interface Step extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts a step of {@code job}; fails if the job was abandoned. */
  static synchronized Step start(String job) {
    checkNotAbandoned(job);
    RUNNING.merge(job, 1, Integer::sum);
    return () -> finish(job);
  }

  private static synchronized void finish(String job) {
    if (RUNNING.merge(job, -1, Integer::sum) == 0) {
      RUNNING.remove(job);
    }
    InFlightWrites.class.notifyAll();
  }

  /** Fails a step of a job that was abandoned (after its pipeline failed). */
  static synchronized void checkNotAbandoned(String job) {
    if (ABANDONED.contains(job)) {
      throw new IllegalStateException("SstIO.write(): job " + job + " was cleaned up after its"
          + " pipeline failed; build a new SstIO.write() to write again");
    }
  }

  /** Abandons {@code job} and waits, at most {@code millis}, until none of its steps runs here. */
  static synchronized void abandon(String job, long millis) {
    ABANDONED.add(job);
    long deadline = System.currentTimeMillis() + millis;
    boolean interrupted = false;
    while (RUNNING.containsKey(job)) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        LOG.warn("job {}: {} step(s) still running after {} ms; cleaning up anyway", job,
            RUNNING.get(job), millis);
        break;
      }
      try {
        InFlightWrites.class.wait(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
