package dev.sstbeam.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * A deterministic coder for {@link LookupRequest}: {@code varint(len(key)) key BE64(timestamp)}.
 */
public final class LookupRequestCoder extends AtomicCoder<LookupRequest> {
  private static final LookupRequestCoder INSTANCE = new LookupRequestCoder();
  private static final long serialVersionUID = 1L;

  private LookupRequestCoder() {}

  public static LookupRequestCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(LookupRequest r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null LookupRequest");
    }
    VarInt.encode(r.key().length, out);
    out.write(r.key());
    new DataOutputStream(out).writeLong(r.timestamp());
  }

  @Override
  public LookupRequest decode(InputStream in) throws IOException {
    byte[] key = readBytes(in, "LookupRequest");
    return LookupRequest.of(key, new DataInputStream(in).readLong());
  }

  /** A length-prefixed byte string of at most 1 MiB (no key or value of a table is longer). */
  static byte[] readBytes(InputStream in, String what) throws IOException {
    int len = VarInt.decodeInt(in);
    if (len < 0 || len > (1 << 20)) {
      throw new CoderException("bad " + what + " encoding: length " + len);
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
  protected long getEncodedElementByteSize(LookupRequest r) {
    return VarInt.getLength(r.key().length) + r.key().length + 8;
  }
}
