package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.sort.DuplicatePolicy;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code drop-exact}, {@code keep-first} or {@code fail}. */
final class DuplicatePolicyConverter implements ITypeConverter<DuplicatePolicy> {
  @Override
  public DuplicatePolicy convert(String value) {
    try {
      return DuplicatePolicy.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duplicate policy: use drop-exact, keep-first or fail");
    }
  }
}
