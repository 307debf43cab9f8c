package dev.sstbeam.pipelines.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A u64 as Rust parses it: decimal digits only, up to 2^64 - 1, held in a {@code long}. */
final class UnsignedLongConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TypeConversionException("expected a non-negative integer, got '" + value + "'");
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is larger than 2^64 - 1");
    }
  }
}
