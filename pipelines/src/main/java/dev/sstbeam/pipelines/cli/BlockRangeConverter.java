package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.log.BlockRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --blocks A:B}: the records owned by 1 MiB blocks {@code [A, B)} of a log (a record
 * belongs to the block holding its first byte, FORMAT.md §4.9). Blocks past the end of a file hold
 * nothing, so {@code 0:1000000} means "the whole file".
 */
final class BlockRangeConverter implements ITypeConverter<BlockRange> {
  @Override
  public BlockRange convert(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new TypeConversionException("expected A:B (block numbers, A <= B), got '" + value + "'");
    }
    long a = parse(value.substring(0, colon), value);
    long b = parse(value.substring(colon + 1), value);
    if (a > b) {
      throw new TypeConversionException("expected A <= B in A:B, got '" + value + "'");
    }
    return new BlockRange(a, b);
  }

  private static long parse(String number, String whole) {
    if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TypeConversionException(
          "expected A:B (non-negative block numbers), got '" + whole + "'");
    }
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("block number too large in '" + whole + "'");
    }
  }
}
