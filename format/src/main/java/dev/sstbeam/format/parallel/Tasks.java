package dev.sstbeam.format.parallel;

import dev.sstbeam.format.SstException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the format layer's background work and rethrowing its failure as it was thrown. */
public final class Tasks {
  private Tasks() {}

  /**
   * The task's result; its {@link SstException}, runtime exception or error is rethrown as is,
   * anything else wrapped. An interrupt keeps the thread's interrupt status and fails.
   */
  public static <T> T await(Future<T> task) throws SstException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for background work", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SstException) {
        throw (SstException) c;
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(c);
    }
  }
}
