package dev.sstbeam.format.gc;

import java.util.List;

/**
 * {@code all(...)}: keeps a value when every member keeps it. Every member is asked, even after
 * one said no, so that the members' counters see every value (as in the crate). No member: keeps
 * every value.
 */
final class AllDeterminer implements Determiner {
  private final Determiner[] members;

  AllDeterminer(List<GcPolicy> policies, long nowMicros) {
    members = new Determiner[policies.size()];
    for (int i = 0; i < members.length; i++) {
      members[i] = policies.get(i).determiner(nowMicros);
    }
  }

  @Override
  public boolean retain(byte[] key, boolean afterTombstones, long timestamp) {
    boolean retain = true;
    for (Determiner member : members) {
      retain &= member.retain(key, afterTombstones, timestamp);
    }
    return retain;
  }
}
