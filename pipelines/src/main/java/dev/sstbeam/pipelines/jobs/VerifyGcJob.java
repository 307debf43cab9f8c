package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.CompactionVerdict;
import dev.sstbeam.beam.VerifyCompaction;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * The verification of a compaction ({@link VerifyCompaction}) as a job; the verdict is handed to
 * the command through a {@link ResultFile}: the report lines, then {@code problem LINE} lines,
 * then {@code first KIND KEYHEX TIMESTAMP} when a record offends.
 */
public final class VerifyGcJob {
  private VerifyGcJob() {}

  public static Pipeline build(PipelineOptions options, VerifyCompaction verify, String resultFile) {
    Pipeline p = Pipeline.create(options);
    p.apply("VerifyCompaction", verify)
        .setCoder(SerializableCoder.of(CompactionVerdict.class))
        .apply("WriteVerdict", ParDo.of(new WriteVerdictFn(resultFile)));
    return p;
  }

  static final class WriteVerdictFn extends DoFn<CompactionVerdict, Void> {
    private static final long serialVersionUID = 1L;
    private final String resultFile;

    WriteVerdictFn(String resultFile) {
      this.resultFile = resultFile;
    }

    @ProcessElement
    public void process(@Element CompactionVerdict v) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (String line : v.report()) {
        sb.append("report ").append(line).append('\n');
      }
      for (String line : v.problems()) {
        sb.append("problem ").append(line.replace('\n', ' ')).append('\n');
      }
      if (v.firstOffence() != null) {
        sb.append("first ").append(v.firstOffence().kind()).append(' ')
            .append(HexFormat.of().formatHex(v.firstOffence().key())).append(' ')
            .append(Long.toUnsignedString(v.firstOffence().timestamp())).append(' ')
            .append(v.firstOffence().detail().replace('\n', ' ')).append('\n');
      }
      ResultFile.write(resultFile, sb.toString());
    }
  }
}
