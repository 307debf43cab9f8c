package dev.sstbeam.format.gc;

import java.util.List;

/**
 * The members of an {@code any(...)} or {@code all(...)}: their display (the crate's, joined by
 * {@code ", "}), equality and hash code, each costing one stack frame per level of nesting (the
 * generated methods of a record cost several), so the deepest policy the parser accepts is handled
 * by any thread.
 */
final class Members {
  private Members() {}

  static String display(String name, List<GcPolicy> members) {
    StringBuilder sb = new StringBuilder();
    append(sb, name, members);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, List<GcPolicy> members) {
    sb.append(name).append('(');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      GcPolicy member = members.get(i);
      if (member instanceof GcPolicy.Any any) {
        append(sb, "any", any.policies());
      } else if (member instanceof GcPolicy.All all) {
        append(sb, "all", all.policies());
      } else {
        sb.append(member);
      }
    }
    sb.append(')');
  }

  static boolean equal(List<GcPolicy> a, List<GcPolicy> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static int hash(int seed, List<GcPolicy> members) {
    int h = seed;
    for (GcPolicy member : members) {
      h = 31 * h + member.hashCode();
    }
    return h;
  }
}
