package dev.sstbeam.s3;

import dev.sstbeam.beam.CreateIfAbsent;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.S3FileSystemConfiguration;
import org.apache.beam.sdk.io.aws2.s3.SSECustomerKey;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link CreateIfAbsent} for {@code s3://}, by S3's conditional write: a PutObject with
 * {@code If-None-Match: *}, which S3 carries out only when no object has the key (S3 since
 * August 2024; it answers 412 Precondition Failed when one has, and 409 Conflict while another
 * conditional write of the key is under way, after which this asks again). The client is the one
 * Beam's S3 filesystem builds from the pipeline's {@link S3Options} (endpoint, region,
 * credentials, client factory), and the object gets the options' storage class and server-side
 * encryption, as Beam's own writes do.
 *
 * <p>A store that ignores the header (S3-compatible servers without conditional writes) would
 * replace the object. So an object that is found first is never written: on such a store this
 * is no worse than writing only when none is found.
 */
public final class S3CreateIfAbsent implements CreateIfAbsent {
  /** Times a 409 (another conditional write of the key under way) is answered by asking again. */
  static final int CONFLICT_RETRIES = 5;

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public boolean create(ResourceId file, byte[] bytes, PipelineOptions options) throws IOException {
    S3FileSystemConfiguration config = S3FileSystemConfiguration.fromS3Options(options.as(S3Options.class));
    String[] location = bucketAndKey(file);
    try (S3Client client = config.getS3ClientBuilder().build()) {
      if (exists(client, config, location[0], location[1])) {
        return false;
      }
      return putIfAbsent(client, config, location[0], location[1], bytes);
    } catch (SdkException e) {
      throw new IOException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /** The conditional PutObject alone; false when an object has the key. */
  static boolean putIfAbsent(S3Client client, S3FileSystemConfiguration config, String bucket,
      String key, byte[] bytes) throws IOException {
    SSECustomerKey customerKey = config.getSSECustomerKey();
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentType("application/json")
        .storageClass(config.getS3StorageClass())
        .serverSideEncryption(config.getSSEAlgorithm())
        .ssekmsKeyId(config.getSSEKMSKeyId())
        .sseCustomerKey(customerKey.getKey())
        .sseCustomerAlgorithm(customerKey.getAlgorithm())
        .sseCustomerKeyMD5(customerKey.getMD5())
        // The SDK Beam uses (2.20) predates the ifNoneMatch field: the header is set as such.
        .overrideConfiguration(o -> o.putHeader("If-None-Match", "*"));
    if (config.getBucketKeyEnabled()) {
      request.bucketKeyEnabled(true);
    }
    for (int attempt = 0; ; attempt++) {
      try {
        client.putObject(request.build(), RequestBody.fromBytes(bytes));
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          return false;
        }
        if (e.statusCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
      try {
        Thread.sleep(50L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while creating s3://" + bucket + "/" + key);
      }
    }
  }

  private static boolean exists(S3Client client, S3FileSystemConfiguration config, String bucket,
      String key) {
    try {
      client.headObject(HeadObjectRequest.builder()
          .bucket(bucket)
          .key(key)
          .sseCustomerKey(config.getSSECustomerKey().getKey())
          .sseCustomerAlgorithm(config.getSSECustomerKey().getAlgorithm())
          .sseCustomerKeyMD5(config.getSSECustomerKey().getMD5())
          .build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** {@code s3://BUCKET/KEY} as {BUCKET, KEY}. */
  static String[] bucketAndKey(ResourceId file) {
    String uri = file.toString();
    String prefix = file.getScheme() + "://";
    int slash = uri.indexOf('/', prefix.length());
    if (!uri.startsWith(prefix) || slash < 0 || slash == uri.length() - 1) {
      throw new IllegalArgumentException("not an S3 object: " + uri);
    }
    return new String[] {uri.substring(prefix.length(), slash), uri.substring(slash + 1)};
  }
}
