package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.GcPolicyParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A garbage-collection policy in the crate's text form, e.g. {@code any(versions = 3, ttl_micros = 86400000000)}. */
final class GcPolicyConverter implements ITypeConverter<GcPolicy> {
  @Override
  public GcPolicy convert(String value) {
    try {
      return GcPolicy.parse(value);
    } catch (GcPolicyParseException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
