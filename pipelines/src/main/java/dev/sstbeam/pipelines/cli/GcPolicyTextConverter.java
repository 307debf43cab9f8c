package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.GcPolicyParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A garbage-collection policy kept as the text given (a compaction records it in its manifest),
 * checked by the crate's parser: an invalid text is a usage error naming the position.
 */
final class GcPolicyTextConverter implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    try {
      GcPolicy.parse(value);
      return value;
    } catch (GcPolicyParseException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
