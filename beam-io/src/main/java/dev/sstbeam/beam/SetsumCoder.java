package dev.sstbeam.beam;

import dev.sstbeam.format.setsum.Setsum;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Encodes a {@link Setsum} as its 32-byte digest: the eight columns, little-endian. */
public final class SetsumCoder extends AtomicCoder<Setsum> {
  private static final SetsumCoder INSTANCE = new SetsumCoder();
  private static final long serialVersionUID = 1L;

  private SetsumCoder() {}

  public static SetsumCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Setsum value, OutputStream out) throws IOException {
    out.write(value.digest());
  }

  @Override
  public Setsum decode(InputStream in) throws IOException {
    byte[] d = new byte[Setsum.DIGEST_LENGTH];
    new DataInputStream(in).readFully(d);
    return Setsum.fromDigest(d);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  @Override
  protected long getEncodedElementByteSize(Setsum value) {
    return Setsum.DIGEST_LENGTH;
  }
}
