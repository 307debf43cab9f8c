package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.CompactTables;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The compaction job: table sets and newer logs → a new generation of sorted, non-overlapping
 * tables under a garbage-collection policy ({@link CompactTables}). The accounting
 * {@code input = output + dropped + collected} is checked inside the pipeline, before the output
 * is published; the command reads the published manifest for its summary.
 */
public final class CompactJob {
  private CompactJob() {}

  public static Pipeline build(PipelineOptions options, CompactTables compaction) {
    Pipeline p = Pipeline.create(options);
    p.apply("Compact", compaction);
    return p;
  }
}
