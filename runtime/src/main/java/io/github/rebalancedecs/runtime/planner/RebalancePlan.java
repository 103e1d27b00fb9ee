package io.github.rebalancedecs.runtime.planner;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The planner's decision for one service: the moves to make, or the reason for none.
 *
 * @param reason               why these moves, or why none
 * @param detail               the values behind the reason, for logs and reports
 * @param tasksPerAz           running tasks per Availability Zone, zero for empty ones, sorted
 * @param eligibleAzs          the Availability Zones that can take one more task, sorted
 * @param skew                 the skew before the moves
 * @param skewAfterMoves       the expected skew after the moves
 * @param moves                the moves, in order; every prefix lowers the imbalance
 */
public record RebalancePlan(
        PlanReason reason,
        String detail,
        SortedMap<String, Integer> tasksPerAz,
        List<String> eligibleAzs,
        int skew,
        int skewAfterMoves,
        List<TaskMove> moves) {

    public RebalancePlan {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        tasksPerAz = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAz));
        eligibleAzs = List.copyOf(eligibleAzs);
        moves = List.copyOf(moves);
    }

    /** Returns true when the plan moves at least one task. */
    public boolean hasMoves() {
        return !moves.isEmpty();
    }

    /** Returns the expected running tasks per Availability Zone after the moves. */
    public SortedMap<String, Integer> tasksPerAzAfterMoves() {
        SortedMap<String, Integer> after = new TreeMap<>(tasksPerAz);
        for (TaskMove move : moves) {
            after.merge(move.fromAvailabilityZone(), -1, Integer::sum);
            after.merge(move.toAvailabilityZone(), 1, Integer::sum);
        }
        return java.util.Collections.unmodifiableSortedMap(after);
    }

    static RebalancePlan noAction(PlanReason reason, String detail, Map<String, Integer> tasksPerAz,
            List<String> eligibleAzs, int skew) {
        return new RebalancePlan(reason, detail, new TreeMap<>(tasksPerAz), eligibleAzs, skew, skew, List.of());
    }
}
