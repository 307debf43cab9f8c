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
 * A deterministic coder for {@link LookupResult}: the request as {@link LookupRequestCoder}
 * writes it, then {@code 00} (absent) or {@code 01 BE64(versionTimestamp) varint(len(value))
 * value} (found).
 */
public final class LookupResultCoder extends AtomicCoder<LookupResult> {
  private static final LookupResultCoder INSTANCE = new LookupResultCoder();
  private static final long serialVersionUID = 1L;

  private LookupResultCoder() {}

  public static LookupResultCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(LookupResult r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null LookupResult");
    }
    LookupRequestCoder.of().encode(r.request(), out);
    if (!r.isFound()) {
      out.write(0);
      return;
    }
    out.write(1);
    new DataOutputStream(out).writeLong(r.versionTimestamp());
    VarInt.encode(r.value().length, out);
    out.write(r.value());
  }

  @Override
  public LookupResult decode(InputStream in) throws IOException {
    LookupRequest request = LookupRequestCoder.of().decode(in);
    int kind = in.read();
    if (kind == 0) {
      return LookupResult.absent(request);
    }
    if (kind != 1) {
      throw new CoderException("bad LookupResult encoding: kind byte " + kind);
    }
    long version = new DataInputStream(in).readLong();
    return LookupResult.found(request, version, LookupRequestCoder.readBytes(in, "LookupResult"));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  @Override
  protected long getEncodedElementByteSize(LookupResult r) throws Exception {
    long size = LookupRequestCoder.of().getEncodedElementByteSize(r.request()) + 1;
    if (r.isFound()) {
      size += 8 + VarInt.getLength(r.value().length) + r.value().length;
    }
    return size;
  }
}
