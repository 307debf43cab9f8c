package dev.sstbeam.format.table;

import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;

/**
 * The decoded final block (FORMAT.md §5.8): fields 16 index metadata, 17 filter metadata, 19
 * setsum (bytes32), 20 smallest and 21 biggest timestamp, 18 final_block_offset (fixed64). The
 * writer side is in {@link SstWriter#seal()}.
 */
final class FinalBlock {
  BlockMetadata index = new BlockMetadata(0, 0, 0);
  BlockMetadata filter = new BlockMetadata(0, 0, 0);
  Setsum setsum = new Setsum();
  long smallest;
  long biggest;
  long finalBlockOffset;

  static FinalBlock decode(byte[] b) throws WireException {
    FinalBlock f = new FinalBlock();
    WireReader r = new WireReader(b, 0, b.length);
    while (r.hasRemaining()) {
      int tag = r.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field == 16 && wire == WireReader.WIRE_LENGTH_DELIMITED) {
        int at = r.readLengthDelimited();
        f.index = BlockMetadata.decode(b, at, r.position() - at);
      } else if (field == 17 && wire == WireReader.WIRE_LENGTH_DELIMITED) {
        int at = r.readLengthDelimited();
        f.filter = BlockMetadata.decode(b, at, r.position() - at);
      } else if (field == 19 && wire == WireReader.WIRE_LENGTH_DELIMITED) {
        int at = r.readLengthDelimited();
        int len = r.position() - at;
        if (len < 32) {
          throw new WireException("(error (phase prototk) (code buffer-too-short) (required 32) (had "
              + len + "))");
        }
        if (len > 32) {
          throw new WireException("(error (phase prototk) (code wrong-length) (required 32) (had "
              + len + "))");
        }
        byte[] digest = new byte[32];
        System.arraycopy(b, at, digest, 0, 32);
        f.setsum = Setsum.fromDigest(digest);
      } else if (field == 20 && wire == WireReader.WIRE_VARINT) {
        f.smallest = r.readVarint();
      } else if (field == 21 && wire == WireReader.WIRE_VARINT) {
        f.biggest = r.readVarint();
      } else if (field == 18 && wire == WireReader.WIRE_SIXTY_FOUR) {
        f.finalBlockOffset = r.readFixed64();
      } else {
        r.skipValue(wire);
      }
    }
    return f;
  }
}
