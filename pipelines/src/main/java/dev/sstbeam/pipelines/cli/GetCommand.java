package dev.sstbeam.pipelines.cli;

import dev.sstbeam.beam.LookupRequest;
import dev.sstbeam.beam.LookupResult;
import dev.sstbeam.beam.TableLookups;
import dev.sstbeam.format.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sst get --tables DIR [--at TS] [--hex] KEY...}: point lookups in a table set, as
 * {@code SstIO.lookup()} answers them ({@link TableLookups}: the table whose manifest key range
 * holds the key, its bloom filter, then seeks), without starting a pipeline. One line per key,
 * in the order given: the found version in the item-line format of sst-dump, or
 * {@code "KEY" not found} (no version at or below the timestamp, or the newest such is a
 * tombstone). Keys are UTF-8 text, or hex with {@code --hex}.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Look keys up in a table set (a directory written by convert or compact): for each KEY",
      "the newest version at or below --at (default: the newest of all), printed as sst-dump",
      "prints items, or '\"KEY\" not found' when there is none or it is a tombstone."
    })
public final class GetCommand extends ToolCommand {
  @Option(names = "--tables", required = true, paramLabel = "DIR|MANIFEST",
      description = "The table set: its directory or MANIFEST.json.")
  String tables;

  @Option(names = "--at", paramLabel = "TS", converter = UnsignedLongConverter.class,
      description = "Read as of this timestamp (0 to 2^64 - 1; default 2^64 - 1, the newest).")
  Long at;

  @Option(names = "--hex", description = "The keys are hex (e.g. 6b6579 for \"key\"); default UTF-8 text.")
  boolean hex;

  @Parameters(arity = "1..*", paramLabel = "KEY", description = "The keys to look up.")
  List<String> keys;

  @Override
  protected int run() throws IOException, ToolFailure {
    List<LookupRequest> requests = new ArrayList<>();
    for (String key : keys) {
      requests.add(LookupRequest.of(bytes(key), at == null ? -1L : at));
    }
    List<LookupResult> results = TableLookups.open(tables).lookUp(requests);
    ItemLineWriter lines = new ItemLineWriter(out());
    try {
      for (LookupResult r : results) {
        if (r.isFound()) {
          lines.write(KeyValue.put(r.request().key(), r.versionTimestamp(), r.value()));
        } else {
          lines.writeLine("\"" + RustEscape.escape(r.request().key()) + "\" not found");
        }
      }
    } finally {
      lines.flush();
    }
    return OK;
  }

  private byte[] bytes(String key) {
    if (!hex) {
      return key.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return HexFormat.of().parseHex(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--hex: '" + key + "' is not an even number of hex digits");
    }
  }
}
