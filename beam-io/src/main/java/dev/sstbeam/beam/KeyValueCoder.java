package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * A deterministic coder for {@link KeyValue}:
 *
 * <pre>
 * varint(len(key)) key  BE64(timestamp)  00                          (tombstone)
 *                                        01 varint(len(value)) value (put)
 * </pre>
 *
 * Equal items encode to equal bytes, so the coder can key groupings and be compared across
 * runners.
 */
public final class KeyValueCoder extends AtomicCoder<KeyValue> {
  private static final KeyValueCoder INSTANCE = new KeyValueCoder();
  private static final long serialVersionUID = 1L;

  private KeyValueCoder() {}

  public static KeyValueCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(KeyValue kv, OutputStream out) throws IOException {
    if (kv == null) {
      throw new CoderException("cannot encode a null KeyValue");
    }
    VarInt.encode(kv.key().length, out);
    out.write(kv.key());
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(kv.timestamp());
    if (kv.isTombstone()) {
      out.write(0);
    } else {
      out.write(1);
      VarInt.encode(kv.value().length, out);
      out.write(kv.value());
    }
  }

  @Override
  public KeyValue decode(InputStream in) throws IOException {
    byte[] key = readBytes(in);
    long ts = new DataInputStream(in).readLong();
    int kind = in.read();
    if (kind == 0) {
      return KeyValue.del(key, ts);
    }
    if (kind == 1) {
      return KeyValue.put(key, ts, readBytes(in));
    }
    throw new CoderException("bad KeyValue encoding: kind byte " + kind);
  }

  private static byte[] readBytes(InputStream in) throws IOException {
    int len = VarInt.decodeInt(in);
    if (len < 0 || len > (1 << 20)) {
      throw new CoderException("bad KeyValue encoding: length " + len);
    }
    byte[] b = new byte[len];
    new DataInputStream(in).readFully(b);
    return b;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  @Override
  protected long getEncodedElementByteSize(KeyValue kv) {
    long size = VarInt.getLength(kv.key().length) + kv.key().length + 8 + 1;
    if (!kv.isTombstone()) {
      size += VarInt.getLength(kv.value().length) + kv.value().length;
    }
    return size;
  }
}
