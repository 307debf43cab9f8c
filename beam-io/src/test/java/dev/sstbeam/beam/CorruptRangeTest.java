package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class CorruptRangeTest {

  @Test
  void theSchemaCoderRoundTripsAValue() throws Exception {
    SchemaCoder<CorruptRange> coder = Pipeline.create().getSchemaRegistry().getSchemaCoder(CorruptRange.class);
    CorruptRange r = CorruptRange.create("/logs/a.log", 96, 1555, "corruption-crc-checksum-failed",
        "corruption-crc-checksum-failed (expected 1) (computed 2) (offset 96) in /logs/a.log");
    assertEquals(r, CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, r)));
    CoderProperties.coderDecodeEncodeEqual(coder, r);
    CoderProperties.coderDeterministic((Coder<CorruptRange>) coder, r, CorruptRange.create(
        "/logs/a.log", 96, 1555, "corruption-crc-checksum-failed",
        "corruption-crc-checksum-failed (expected 1) (computed 2) (offset 96) in /logs/a.log"));
  }
}
