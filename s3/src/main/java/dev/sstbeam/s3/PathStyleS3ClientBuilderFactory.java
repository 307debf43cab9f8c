package dev.sstbeam.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client, addressing buckets by path ({@code http://host:port/bucket/key}) instead of by
 * host name ({@code http://bucket.host:port/key}): what S3-compatible stores reached by a host name
 * (MinIO, Ceph, s3proxy, ...) usually need. Everything else comes from the pipeline options as
 * with Beam's default factory ({@code --endpoint}, {@code --awsRegion},
 * {@code --awsCredentialsProvider}). Select it with
 * {@code --s3ClientFactoryClass=dev.sstbeam.s3.PathStyleS3ClientBuilderFactory}.
 *
 * <p>(With an endpoint given as an IP address the AWS SDK already addresses by path.)
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  private final DefaultS3ClientBuilderFactory defaults = new DefaultS3ClientBuilderFactory();

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return defaults.createBuilder(options).forcePathStyle(true);
  }
}
