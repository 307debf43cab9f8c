package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Makes {@link KeyValueCoder}, {@link SetsumCoder}, {@link LookupRequestCoder} and
 * {@link LookupResultCoder} the default coders of their types in every pipeline that has beam-io on its classpath (found through
 * {@code META-INF/services}).
 */
public final class SstCoderProviderRegistrar implements CoderProviderRegistrar {
  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(KeyValue.class), KeyValueCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(Setsum.class), SetsumCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(LookupRequest.class), LookupRequestCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(LookupResult.class), LookupResultCoder.of()));
  }
}
