package dev.sstbeam.format.cursor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MergingCursor over 1–5 inputs with overlapping keys and identical {@code (key, timestamp)}
 * items shared between inputs, against the model (all items, ties by input index). Every step also
 * checks {@link MergingCursor#currentInput()} against the model's source.
 */
class MergingCursorModelTest {
  private static final long BASE_SEED = 0x4d_0001L;

  @TempDir Path dir;

  @Test
  void mergeOfTablesMatchesModel() throws Exception {
    int ties = 0;
    for (int c = 0; c < 40; c++) {
      long seed = BASE_SEED + c;
      Random r = new Random(seed);
      MergedModel m = new MergedModel(r, 1 + r.nextInt(5));
      for (int i = 1; i < m.merged.size(); i++) {
        ties += KeyOrder.INSTANCE.compare(m.merged.get(i - 1), m.merged.get(i)) == 0 ? 1 : 0;
      }
      List<dev.sstbeam.format.table.Sst> tables = m.write(dir, "m" + c, r);
      try {
        String context = "case-seed " + seed + " (" + m.describe() + ")";
        check(context, m, () -> new MergingCursor(MergedModel.cursors(tables)), seed, 12);
      } finally {
        MergedModel.closeAll(tables);
      }
    }
    assertTrue(ties >= 100, "identical (key, timestamp) items across inputs: " + ties);
  }

  @Test
  void mergeOfListsMatchesModel() throws Exception {
    for (int c = 0; c < 300; c++) {
      long seed = BASE_SEED + 10_000 + c;
      Random r = new Random(seed);
      MergedModel m = new MergedModel(r, 1 + r.nextInt(5));
      String context = "case-seed " + seed + " (" + m.describe() + ", list inputs)";
      check(context, m, () -> new MergingCursor(m.listCursors()), seed, 8);
    }
  }

  @Test
  void noInputsIsEmpty() throws Exception {
    MergedModel m = new MergedModel(new Random(3), 0);
    check("no inputs", m, () -> new MergingCursor(List.of()), 3, 5);
  }

  interface Factory {
    MergingCursor create() throws Exception;
  }

  static void check(String context, MergedModel m, Factory factory, long seed, int sequences)
      throws Exception {
    MergingCursor scan = factory.create();
    ListCursor scanModel = new ListCursor(m.merged);
    OpChecker.scans(context, scan, scanModel, () -> sourceProblem(scan, scanModel, m));
    for (int s = 0; s < sequences; s++) {
      MergingCursor cursor = factory.create();
      ListCursor model = new ListCursor(m.merged);
      OpChecker.run(context, seed * 1000 + s, cursor, model, m.merged, 60,
          () -> sourceProblem(cursor, model, m));
    }
  }

  private static String sourceProblem(MergingCursor cursor, ListCursor model, MergedModel m) {
    int want = model.hasItem() ? m.sources[model.position()] : -1;
    return cursor.currentInput() == want
        ? null
        : "currentInput " + cursor.currentInput() + ", want " + want;
  }
}
