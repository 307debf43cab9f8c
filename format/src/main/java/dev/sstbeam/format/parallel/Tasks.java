package dev.sstbeam.format.parallel;

import dev.sstbeam.format.SstException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The format layer's background work: waiting for it and rethrowing its failure as it was thrown,
 * and sharing numbered tasks among threads.
 */
public final class Tasks {
  private Tasks() {}

  /** One task's work on the state of the thread that runs it. */
  @FunctionalInterface
  public interface Body<S> {
    void run(S state, int task) throws SstException;
  }

  /**
   * Runs tasks {@code 0 .. tasks-1} on up to {@code threads} threads (the caller's alone when
   * there is one thread or one task), each thread taking the next task not yet taken and running
   * it on a state of its own, made by {@code newState}: so per-thread resources (buffers,
   * accumulators) are made once per thread rather than once per task. Returns the states of the
   * threads that ran. When tasks fail, the failure of the lowest-numbered one is thrown, as in a
   * run of the tasks in order; tasks after a failed one may be skipped.
   */
  public static <S> List<S> perThread(int tasks, int threads, Supplier<S> newState, Body<S> body)
      throws SstException {
    int workers = Math.min(threads, tasks);
    if (workers <= 1) {
      S state = newState.get();
      for (int t = 0; t < tasks; t++) {
        body.run(state, t);
      }
      return List.of(state);
    }
    AtomicInteger next = new AtomicInteger();
    // The lowest-numbered failed task (tasks when none) and its failure.
    AtomicInteger failedTask = new AtomicInteger(tasks);
    Throwable[] failure = new Throwable[1];
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<S>> parts = new ArrayList<>(workers);
      for (int w = 0; w < workers; w++) {
        parts.add(pool.submit(() -> {
          S state = newState.get();
          for (int t; (t = next.getAndIncrement()) < failedTask.get(); ) {
            try {
              body.run(state, t);
            } catch (SstException | RuntimeException e) {
              synchronized (failure) {
                if (t < failedTask.get()) {
                  failedTask.set(t);
                  failure[0] = e;
                }
              }
            }
          }
          return state;
        }));
      }
      List<S> states = new ArrayList<>(workers);
      for (Future<S> f : parts) {
        states.add(await(f));
      }
      synchronized (failure) {
        if (failure[0] instanceof SstException) {
          throw (SstException) failure[0];
        }
        if (failure[0] != null) {
          throw (RuntimeException) failure[0];
        }
      }
      return states;
    } finally {
      pool.shutdownNow();
    }
  }

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
