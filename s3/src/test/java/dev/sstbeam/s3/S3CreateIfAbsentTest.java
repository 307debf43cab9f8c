package dev.sstbeam.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.CreateIfAbsent;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.S3FileSystemConfiguration;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** S3's conditional write (If-None-Match: *) as the claim's create-if-absent, against s3proxy. */
class S3CreateIfAbsentTest {
  private static LocalS3 s3;
  private static PipelineOptions options;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("claims-bucket");
    options = s3.options();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theProviderForS3IsFoundOnTheClassPath() {
    assertTrue(CreateIfAbsent.forScheme("s3").orElseThrow() instanceof S3CreateIfAbsent);
    assertTrue(CreateIfAbsent.forScheme("gs").isEmpty());
  }

  @Test
  void theConditionalPutCreatesOnceAndNeverReplaces() throws Exception {
    S3FileSystemConfiguration config =
        S3FileSystemConfiguration.fromS3Options(options.as(S3Options.class));
    try (S3Client client = config.getS3ClientBuilder().build()) {
      // Without the existence check before it: the server itself refuses the second write.
      assertTrue(S3CreateIfAbsent.putIfAbsent(client, config, s3.bucket(), "put/claim", bytes("first")));
      assertFalse(S3CreateIfAbsent.putIfAbsent(client, config, s3.bucket(), "put/claim", bytes("second")));
    }
    assertArrayEquals(bytes("first"), s3.download("put/claim"));
  }

  @Test
  void createLeavesAnExistingObjectAsItIs() throws Exception {
    ResourceId file = FileSystems.matchNewResource(s3.url("create/claim"), false);
    CreateIfAbsent create = new S3CreateIfAbsent();
    assertTrue(create.create(file, bytes("mine"), options));
    assertFalse(create.create(file, bytes("theirs"), options));
    assertArrayEquals(bytes("mine"), s3.download("create/claim"));
  }

  @Test
  void aFileIsABucketAndAKey() {
    ResourceId file = FileSystems.matchNewResource("s3://b/dir/.sst-beam-claim", false);
    assertArrayEquals(new String[] {"b", "dir/.sst-beam-claim"}, S3CreateIfAbsent.bucketAndKey(file));
    assertEquals("IllegalArgumentException", assertThrows(IllegalArgumentException.class,
        () -> S3CreateIfAbsent.bucketAndKey(FileSystems.matchNewResource("s3://b/", true)))
        .getClass().getSimpleName());
  }
}
