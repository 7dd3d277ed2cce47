package io.overdrive.serving.index;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * String item ids <-> the int64 labels an ANN index stores. Labels are dense and assigned in
 * insertion order (label = the index's row), so FAISS's own sequential ids are the labels and no
 * IndexIDMap translation sits on the search path. A deleted item's label, and the old label of an
 * upserted one, become tombstones the search filters out; labels are never reused, so the mapping
 * stays consistent for the life of an index and its snapshots. Not thread-safe: the owning index
 * guards it.
 */
public final class LabelTable {
  static final String IDS_FILE = "labels.txt";
  static final String TOMBSTONES_FILE = "tombstones.bin";

  private final List<String> idOfLabel;
  private final Map<String, Integer> labelOfId;
  private final BitSet tombstones;

  public LabelTable(List<String> initialIds) {
    this.idOfLabel = new ArrayList<>(initialIds);
    this.labelOfId = new HashMap<>(initialIds.size() * 2);
    this.tombstones = new BitSet();
    for (int i = 0; i < idOfLabel.size(); i++) {
      Integer old = labelOfId.put(idOfLabel.get(i), i);
      if (old != null) {
        tombstones.set(old);
      }
    }
  }

  private LabelTable(List<String> ids, BitSet tombstones) {
    this.idOfLabel = ids;
    this.tombstones = tombstones;
    this.labelOfId = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      if (!tombstones.get(i)) {
        labelOfId.put(ids.get(i), i);
      }
    }
  }

  /**
   * Assigns the next label to {@code itemId}; returns its previous live label (now a tombstone) or
   * -1.
   */
  public int assign(String itemId) {
    int label = idOfLabel.size();
    idOfLabel.add(itemId);
    Integer old = labelOfId.put(itemId, label);
    if (old == null) {
      return -1;
    }
    tombstones.set(old);
    return old;
  }

  /** Tombstones the item's live label; returns it, or -1 when the item is not live. */
  public int remove(String itemId) {
    Integer old = labelOfId.remove(itemId);
    if (old == null) {
      return -1;
    }
    tombstones.set(old);
    return old;
  }

  /** The item's live label, or -1. */
  public int label(String itemId) {
    Integer l = labelOfId.get(itemId);
    return l == null ? -1 : l;
  }

  /** The item id of a label (live or not). */
  public String itemId(long label) {
    return idOfLabel.get((int) label);
  }

  public boolean isLive(long label) {
    return label >= 0 && label < idOfLabel.size() && !tombstones.get((int) label);
  }

  /** Labels assigned so far (live and tombstoned): the index's row count. */
  public int labelCount() {
    return idOfLabel.size();
  }

  public int liveCount() {
    return labelOfId.size();
  }

  public int tombstoneCount() {
    return idOfLabel.size() - labelOfId.size();
  }

  public BitSet tombstones() {
    return tombstones;
  }

  public void save(Path dir) throws IOException {
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve(IDS_FILE), StandardCharsets.UTF_8)) {
      for (String id : idOfLabel) {
        w.write(id);
        w.write('\n');
      }
    }
    Files.write(dir.resolve(TOMBSTONES_FILE), tombstones.toByteArray());
  }

  public static LabelTable load(Path dir) throws IOException {
    List<String> ids = Files.readAllLines(dir.resolve(IDS_FILE), StandardCharsets.UTF_8);
    BitSet t = BitSet.valueOf(Files.readAllBytes(dir.resolve(TOMBSTONES_FILE)));
    return new LabelTable(new ArrayList<>(ids), t);
  }
}
