package dev.sstbeam.beam;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Phase 0 of {@link SstIO#write()}, before any key range is planned: takes the job's
 * {@link OutputClaim} on the output directory, checks that the directory holds no tables yet (a job
 * that finished there before this one claimed it), and deletes the temporary directories that
 * dead jobs left inside it. Passes its input on once the directory is the job's.
 */
final class ClaimOutputFn extends DoFn<Integer, Integer> {
  private static final long serialVersionUID = 1L;
  static final String TEMP_PREFIX = ".sst-beam-temp-";

  private final String directory;
  private final String tempDirectory;
  private final String job;

  ClaimOutputFn(String directory, String tempDirectory, String job) {
    this.directory = directory;
    this.tempDirectory = tempDirectory;
    this.job = job;
  }

  @ProcessElement
  public void process(@Element Integer start, OutputReceiver<Integer> out) throws IOException {
    try (InFlightWrites.Step step = InFlightWrites.start(job)) {
      ResourceId dir = BeamFiles.directory(directory);
      OutputClaim.byThisProcess(job, tempDirectory).take(dir);
      if (holdsTables(dir)) {
        OutputClaim.release(dir, job);
        throw new IOException(alreadyHoldsTables(directory));
      }
      deleteStaleTemporaryDirectories(dir);
    }
    out.output(start);
  }

  /** Whether {@code dir} holds a manifest or tables. */
  static boolean holdsTables(ResourceId dir) throws IOException {
    return BeamFiles.exists(BeamFiles.file(dir, SstManifest.FILE_NAME))
        || !BeamFiles.match(BeamFiles.file(dir, "part-*.sst").toString()).isEmpty();
  }

  static String alreadyHoldsTables(String directory) {
    return "SstIO.write(): " + directory + " already holds tables (MANIFEST.json or part-*.sst);"
        + " write to an empty directory";
  }

  /**
   * Temporary directories of other jobs inside the output: while this job holds the claim no other
   * job can publish here, so they are the remains of jobs that died or lost the claim.
   */
  private void deleteStaleTemporaryDirectories(ResourceId dir) throws IOException {
    String prefix = dir.toString();
    Set<String> stale = new LinkedHashSet<>();
    for (MatchResult.Metadata m : BeamFiles.match(prefix + TEMP_PREFIX + "*/**")) {
      String file = m.resourceId().toString();
      if (!file.startsWith(prefix)) {
        continue;
      }
      String relative = file.substring(prefix.length());
      String name = relative.substring(0, relative.indexOf('/'));
      stale.add(BeamFiles.subdirectory(dir, name).toString());
    }
    stale.remove(BeamFiles.directory(tempDirectory).toString());
    for (String temp : stale) {
      FinalizeTablesFn.deleteTemporaryFiles(BeamFiles.directory(temp));
    }
  }
}
