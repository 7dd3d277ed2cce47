package io.overdrive.outcomes;

import io.overdrive.domain.Interaction;

/**
 * Which arm an event counts for (docs/decisions/0204-served-ranking-log.md):
 *
 * <ol>
 *   <li>an event naming a ranking ({@code ranking_id}) counts for the arm that served it: the arm
 *       code the ranking id starts with. This is the only way to credit {@code overdrive_off},
 *       which the gateway chooses per request, and it stays right when the experiment changes
 *       between the answer and the tap;
 *   <li>otherwise, the arm its tags name ({@code experiment}, {@code experiment_variant}): the API
 *       sets them, when the client did not, to the user's assignment at the time it accepts the
 *       event — the arm that served that user's feed unless the client toggled Overdrive off;
 *   <li>otherwise (an event written by something else, or archived before rankings were logged), no
 *       arm: it is learned from, not counted.
 * </ol>
 */
public final class Attribution {
  private Attribution() {}

  /** The arm code of the event, or null. */
  public static String armCode(Interaction e) {
    if (e.rankingId() != null) {
      String code = RankingIds.armCode(e.rankingId());
      if (code != null) {
        return code;
      }
    }
    if (e.experiment() != null && e.experimentVariant() != null) {
      return Arm.codeOf(e.experiment(), e.experimentVariant());
    }
    return null;
  }
}
