package dev.sstbeam.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * A real S3-compatible server for tests: s3proxy on 127.0.0.1 and a free port, over jclouds'
 * in-memory ("transient") blob store, with one bucket, reached with signed requests (AWS SigV4)
 * and the test credentials {@link #ACCESS_KEY}/{@link #SECRET_KEY}. {@link #beamArgs()} are the
 * pipeline options that point Beam's S3 filesystem at it.
 *
 * <p>It records every object read it serves ({@link #reads(String)}) with the range the client
 * asked for, so tests can tell ranged reads from whole-object downloads.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "sst-test-access-key";
  public static final String SECRET_KEY = "sst-test-secret-key";
  public static final String REGION = "us-east-1";

  /** The server's loggers (s3proxy, its Jetty, jclouds): warnings only. Held: JUL forgets levels. */
  private static final java.util.logging.Logger[] SERVER_LOGGERS = {
    quiet("org.gaul"), quiet("org.jclouds"), quiet("jclouds")
  };

  private final BlobStoreContext context;
  private final BlobStore store;
  private final S3Proxy proxy;
  private final String bucket;
  private final List<Read> reads = Collections.synchronizedList(new ArrayList<>());

  /**
   * One GET the server answered: the object and the range asked for ("" for all of it). (What a
   * reader asks for, not what it receives: the server streams to the end of the range until the
   * reader drops the connection, and loopback buffers take megabytes before that.)
   */
  public record Read(String key, String range) {}

  private LocalS3(String bucket) throws Exception {
    this.bucket = bucket;
    context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .buildView(BlobStoreContext.class);
    store = new RecordingStore(context.getBlobStore());
    store.createContainerInLocation(null, bucket);
    proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // Beam's uploads always send x-amz-server-side-encryption-bucket-key-enabled, which
        // s3proxy does not know (and would answer 501); S3 accepts it.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Starts a server holding an empty {@code bucket}. */
  public static LocalS3 start(String bucket) throws Exception {
    return new LocalS3(bucket);
  }

  public String bucket() {
    return bucket;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** {@code s3://BUCKET/KEY}. */
  public String url(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * The Beam pipeline options for this server, as a user gives them on the command line: the
   * endpoint, a region, and the credentials as a static provider.
   */
  public List<String> beamArgs() {
    return List.of(
        "--endpoint=" + endpoint(),
        "--awsRegion=" + REGION,
        "--awsCredentialsProvider={\"@type\": \"StaticCredentialsProvider\", \"accessKeyId\": \""
            + ACCESS_KEY + "\", \"secretAccessKey\": \"" + SECRET_KEY + "\"}");
  }

  /**
   * Direct-runner pipeline options with {@link #beamArgs()} (plus {@code extra}), also made
   * Beam's default for {@link FileSystems} in this JVM.
   */
  public PipelineOptions options(String... extra) {
    List<String> args = new ArrayList<>(beamArgs());
    args.addAll(List.of(extra));
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().create();
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /** Stores {@code file} as object {@code key} (directly in the store, not through S3). */
  public void upload(String key, Path file) throws IOException {
    store.putBlob(bucket, store.blobBuilder(key).payload(Files.readAllBytes(file)).build());
  }

  /** Stores {@code bytes} as object {@code key} (directly in the store). */
  public void upload(String key, byte[] bytes) {
    store.putBlob(bucket, store.blobBuilder(key).payload(bytes).build());
  }

  /** The object {@code key}'s bytes (directly from the store), or null when there is none. */
  public byte[] download(String key) throws IOException {
    Blob blob = context.getBlobStore().getBlob(bucket, key);
    if (blob == null) {
      return null;
    }
    try (InputStream in = blob.getPayload().openStream()) {
      return in.readAllBytes();
    }
  }

  /** The keys of the bucket under {@code prefix}, sorted. */
  public List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    ListContainerOptions options = ListContainerOptions.Builder.recursive();
    String marker = null;
    do {
      if (marker != null) {
        options = options.afterMarker(marker);
      }
      var page = context.getBlobStore().list(bucket, options);
      for (StorageMetadata m : page) {
        if (m.getName().startsWith(prefix)) {
          keys.add(m.getName());
        }
      }
      marker = page.getNextMarker();
    } while (marker != null);
    Collections.sort(keys);
    return keys;
  }

  /**
   * Copies the objects under {@code prefix} into {@code dir} (created), at their key less the
   * prefix: "directories" of the store become directories there. Returns {@code dir}.
   */
  public Path mirror(String prefix, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String key : keys(prefix)) {
      Path file = dir.resolve(key.substring(prefix.length()));
      Files.createDirectories(file.getParent());
      Files.write(file, download(key));
    }
    return dir;
  }

  /** The reads of {@code key} served so far, in order. */
  public List<Read> reads(String key) {
    synchronized (reads) {
      return reads.stream().filter(r -> r.key().equals(key)).toList();
    }
  }

  /** Forgets the reads served so far. */
  public void forgetReads() {
    reads.clear();
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }

  /** The store s3proxy serves, recording each object read. */
  private final class RecordingStore extends ForwardingBlobStore {
    RecordingStore(BlobStore store) {
      super(store);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      Blob blob = super.getBlob(container, name, options);
      if (blob != null) {
        reads.add(new Read(name, String.join(",", options.getRanges())));
      }
      return blob;
    }
  }
}
