package io.overdrive.store;

import io.overdrive.features.FeatureDelta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events of one user (or one item) in a batch, in delivery order. A group too large for one
 * script call is split into parts; a redelivery a part finds is dropped from and counted on its
 * parent.
 */
final class DeltaGroup {
  final String id;
  final List<FeatureDelta> deltas = new ArrayList<>();
  private Set<String> eventIds; // the group's event ids, from its second event on
  private final DeltaGroup parent;
  int redelivered;

  DeltaGroup(String id) {
    this(id, null);
  }

  private DeltaGroup(String id, DeltaGroup parent) {
    this.id = id;
    this.parent = parent;
  }

  /** False when the event id is already in the group (a repeat within the batch). */
  boolean add(FeatureDelta d) {
    if (eventIds == null && !deltas.isEmpty()) { // most groups hold one event: no set for them
      eventIds = new HashSet<>();
      deltas.forEach(x -> eventIds.add(x.eventId()));
    }
    if (eventIds != null && !eventIds.add(d.eventId())) {
      return false;
    }
    deltas.add(d);
    return true;
  }

  void dropRedelivered(String eventId) {
    if (!deltas.removeIf(d -> d.eventId().equals(eventId))) {
      return;
    }
    if (parent == null) {
      redelivered++;
    } else {
      parent.deltas.removeIf(d -> d.eventId().equals(eventId));
      parent.redelivered++;
    }
  }

  /** Parts of at most {@code max} events, in order. */
  List<DeltaGroup> split(int max) {
    if (deltas.size() <= max) {
      return List.of(this);
    }
    List<DeltaGroup> parts = new ArrayList<>();
    for (int i = 0; i < deltas.size(); i += max) {
      DeltaGroup part = new DeltaGroup(id, this);
      deltas.subList(i, Math.min(deltas.size(), i + max)).forEach(part::add);
      parts.add(part);
    }
    return parts;
  }
}
