package dev.sstbeam.format.gc;

import java.util.List;

/**
 * {@code any(...)}: keeps a value when any member keeps it. Every member is asked, even after one
 * said yes, so that the members' counters see every value (as in the crate). No member: keeps
 * nothing.
 */
final class AnyDeterminer implements Determiner {
  private final Determiner[] members;

  AnyDeterminer(List<GcPolicy> policies, long nowMicros) {
    members = new Determiner[policies.size()];
    for (int i = 0; i < members.length; i++) {
      members[i] = policies.get(i).determiner(nowMicros);
    }
  }

  @Override
  public boolean retain(byte[] key, boolean afterTombstones, long timestamp) {
    boolean retain = false;
    for (Determiner member : members) {
      retain |= member.retain(key, afterTombstones, timestamp);
    }
    return retain;
  }
}
