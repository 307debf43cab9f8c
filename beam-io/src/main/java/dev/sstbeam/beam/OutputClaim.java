package dev.sstbeam.beam;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sstbeam.format.io.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The claim an {@link SstIO#write()} job holds on its output directory from its start until its
 * tables and manifest are published: {@code DIR/.sst-beam-claim}, a small JSON file naming the job
 * (the write's unique token) and the process that took it. Only the holder publishes; a retried
 * step of the same job finds its own claim and goes on; any other job fails, naming the holder.
 *
 * <p>The claim is created atomically, so that of jobs racing for one directory exactly one gets
 * it, on local files (a hard link, which never replaces) and where a {@link CreateIfAbsent}
 * provider serves the scheme (S3's conditional write, with the module {@code sst-s3}). Beam's
 * other filesystems have no create-new (on object stores, and in Beam's HDFS adapter, create and
 * rename replace): there the claim is written only when none is found and then read back. On every
 * filesystem the finalize step checks the claim again before publishing and checks the published
 * manifest after.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class OutputClaim {
  static final String FILE_NAME = ".sst-beam-claim";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = hostName();

  @JsonProperty("job")
  public String job;

  @JsonProperty("temp_directory")
  public String tempDirectory;

  @JsonProperty("host")
  public String host;

  @JsonProperty("pid")
  public long pid;

  /** When the claiming process started (ISO-8601), to tell it from a later one with its pid. */
  @JsonProperty("process_started")
  public @Nullable String processStarted;

  @JsonProperty("claimed_at")
  public String claimedAt;

  /** A claim for {@code job} by this process. */
  static OutputClaim byThisProcess(String job, String tempDirectory) {
    OutputClaim c = new OutputClaim();
    c.job = job;
    c.tempDirectory = tempDirectory;
    c.host = HOST;
    c.pid = ProcessHandle.current().pid();
    c.processStarted = ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(null);
    c.claimedAt = Instant.now().toString();
    return c;
  }

  /**
   * Takes the claim on {@code dir} for this claim's job, or finds it already the job's (a retried
   * step). Fails with a message naming the holder when another job has it. {@code options} are
   * the pipeline's, for a filesystem whose client they configure (S3).
   */
  void take(ResourceId dir, PipelineOptions options) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(this);
    if (isLocal(dir)) {
      createNewLocal(Paths.get(file(dir).toString()), bytes);
    } else {
      Optional<CreateIfAbsent> atomic = CreateIfAbsent.forScheme(dir.getScheme());
      if (atomic.isPresent()) {
        atomic.get().create(file(dir), bytes, options);
      } else {
        writeIfAbsent(file(dir), bytes);
      }
    }
    checkHeld(dir, job);
  }

  /**
   * Where there is no create-new: writes the claim only if none is there (then {@link #take}
   * reads it back). Two jobs can both find none and both write; the one overwritten finds out
   * when it reads back, or at the latest before it publishes.
   */
  static void writeIfAbsent(ResourceId file, byte[] bytes) throws IOException {
    if (!BeamFiles.exists(file)) {
      try (WritableByteChannel ch = BeamFiles.create(file)) {
        ch.write(ByteBuffer.wrap(bytes));
      }
    }
  }

  /** Fails, naming the holder, unless {@code dir}'s claim is {@code job}'s. */
  static void checkHeld(ResourceId dir, String job) throws IOException {
    OutputClaim holder;
    try {
      holder = read(dir);
    } catch (IOException e) {
      throw new IOException("SstIO.write(): " + dir + " holds an unreadable claim " + file(dir)
          + " (" + e.getMessage() + "); if no job is writing there, delete it and run again", e);
    }
    if (holder == null) {
      throw new IOException("SstIO.write(): this job (" + job + ") no longer holds its claim on "
          + dir + " (" + file(dir) + " is gone), so it publishes nothing; run it again");
    }
    if (!job.equals(holder.job)) {
      throw new IOException(holder.describeFor(dir));
    }
  }

  /**
   * What a job writing into {@code dir} should report for {@code failure} of its files: when
   * another job holds the claim, or the directory holds tables, that job removed this one's
   * temporary files as a loser's, and the claim's holder or the tables are the cause; else
   * {@code failure} itself.
   */
  static IOException explain(IOException failure, ResourceId dir, String job) {
    try {
      OutputClaim holder = read(dir);
      if (holder != null && !job.equals(holder.job)) {
        return new IOException(holder.describeFor(dir), failure);
      }
      if (holder == null && ClaimOutputFn.holdsTables(dir)) {
        return new IOException(ClaimOutputFn.alreadyHoldsTables(dir.toString()), failure);
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /** Deletes {@code dir}'s claim if it is {@code job}'s; leaves any other job's. */
  static void release(ResourceId dir, String job) {
    try {
      OutputClaim holder = read(dir);
      if (holder != null && job.equals(holder.job)) {
        BeamFiles.deleteQuietly(List.of(file(dir)));
      }
    } catch (IOException e) {
      // Unreadable: not provably ours, so it stays.
    }
  }

  /** The claim on {@code dir}, or null when there is none. */
  static @Nullable OutputClaim read(ResourceId dir) throws IOException {
    byte[] bytes = BeamFiles.readIfPresent(file(dir));
    return bytes == null ? null : JSON.readValue(bytes, OutputClaim.class);
  }

  static ResourceId file(ResourceId dir) {
    return BeamFiles.file(dir, FILE_NAME);
  }

  /** Why another job cannot write {@code dir} while this claim stands, and what to do. */
  String describeFor(ResourceId dir) {
    String who = "job " + job + ", claimed " + claimedAt + " by pid " + pid + " on " + host;
    String remove = "delete " + file(dir) + (isInside(dir) ? "" : " and " + tempDirectory);
    if (holderIsGone()) {
      return "SstIO.write(): " + dir + " was claimed by a job whose process is no longer running ("
          + who + "); " + remove + " and run again";
    }
    return "SstIO.write(): " + dir + " is being written by another job (" + who + "); two jobs"
        + " must not write one directory. If that job is no longer running, " + remove
        + " and run again";
  }

  /** The claiming process ran on this host and is gone (its pid is free or another process's). */
  private boolean holderIsGone() {
    if (!HOST.equals(host)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return processStarted != null && started.isPresent()
        && !started.get().toString().equals(processStarted);
  }

  private boolean isInside(ResourceId dir) {
    return tempDirectory == null || tempDirectory.startsWith(dir.toString());
  }

  static boolean isLocal(ResourceId dir) {
    return "file".equals(dir.getScheme());
  }

  /** Creates {@code target} holding {@code bytes} unless it exists (then leaves it as it is). */
  private static void createNewLocal(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = AtomicFiles.tempSibling(target);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    try {
      AtomicFiles.publishNew(temp, target);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "an unknown host";
    }
  }
}
