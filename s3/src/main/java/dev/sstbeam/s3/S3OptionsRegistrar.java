package dev.sstbeam.s3;

import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Registers Beam's {@link S3Options}, so that its options are accepted from a command line
 * ({@code --s3ClientFactoryClass}, {@code --s3UploadBufferSizeBytes}, {@code --SSEAlgorithm}, ...):
 * Beam's AWS module registers only {@code AwsOptions} ({@code --endpoint}, {@code --awsRegion},
 * {@code --awsCredentialsProvider}), and Beam refuses options that no registered interface has.
 */
public final class S3OptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(S3Options.class);
  }
}
