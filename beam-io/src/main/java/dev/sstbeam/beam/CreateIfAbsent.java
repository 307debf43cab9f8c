package dev.sstbeam.beam;

import java.io.IOException;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.common.ReflectHelpers;

/**
 * Creating a small file only if no file has its name, atomically, for a filesystem whose Beam
 * adapter has no such operation: Beam's create replaces. {@link SstIO#write()} takes its claim
 * on an output directory this way when a provider serves the directory's scheme (the module
 * {@code sst-s3} provides one for {@code s3://}, by S3's conditional write); local files have
 * their own (a hard link), and other filesystems fall back to writing the claim when none is
 * found and reading it back.
 *
 * <p>Providers are found with {@link ServiceLoader} ({@code META-INF/services}).
 */
public interface CreateIfAbsent {
  /** The URI scheme whose files this creates ({@code "s3"}). */
  String scheme();

  /**
   * Creates {@code file} holding {@code bytes} unless a file of that name exists, which is then
   * left as it is; of callers racing to create one name, exactly one creates it.
   *
   * @return whether this call created the file
   */
  boolean create(ResourceId file, byte[] bytes, PipelineOptions options) throws IOException;

  /** The provider for {@code scheme}, if one is on the class path. */
  static Optional<CreateIfAbsent> forScheme(String scheme) {
    for (CreateIfAbsent provider
        : ServiceLoader.load(CreateIfAbsent.class, ReflectHelpers.findClassLoader())) {
      if (provider.scheme().equalsIgnoreCase(scheme)) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }
}
