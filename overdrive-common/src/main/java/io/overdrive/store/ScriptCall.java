package io.overdrive.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** One learning-script call: groups of one side whose keys share a slot. */
final class ScriptCall {
  /**
   * One side of the batch: its script, the keys of a group, its arguments, the header arguments,
   * and whether a call also carries the item stats of its events (user calls on a single server).
   */
  record Side(
      RedisScript script,
      Function<DeltaGroup, List<String>> keys,
      BiConsumer<DeltaGroup, ScriptArgs> args,
      long[] header,
      boolean withItems) {}

  final Side side;
  final List<DeltaGroup> groups = new ArrayList<>();
  int events;

  ScriptCall(Side side) {
    this.side = side;
  }

  void add(DeltaGroup g) {
    groups.add(g);
    events += g.deltas.size();
  }
}
