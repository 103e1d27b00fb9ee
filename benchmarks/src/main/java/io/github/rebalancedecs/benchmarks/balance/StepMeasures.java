package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Measures a service from the steps of a simulation. The steps list the RUNNING tasks (desired
 * status RUNNING too) whenever they change, so counts are exact between two steps.
 *
 * <p>A step is balanced when the service runs exactly its desired count of tasks and the counts
 * of any two Availability Zones of the cluster differ by at most one. The service has settled
 * at the first step after which every step is balanced, so a surge counts as unbalanced until its
 * extra tasks have stopped.
 */
public final class StepMeasures {

    private StepMeasures() {
    }

    /**
     * Returns the time from {@code capacityReturnedAt} to the step at which the service settled
     * balanced: {@link Duration#ZERO} when it was balanced from then on, and {@code null} when it
     * is not balanced at the end.
     */
    public static Duration timeToBalance(List<SimulationStep> steps, String serviceName, int desiredCount,
            Duration capacityReturnedAt) {
        Duration settledAt = capacityReturnedAt;
        for (int index = 0; index < steps.size(); index++) {
            SimulationStep step = steps.get(index);
            if (step.elapsed().compareTo(capacityReturnedAt) < 0 || isBalanced(step, serviceName, desiredCount)) {
                continue;
            }
            if (index == steps.size() - 1) {
                return null;
            }
            settledAt = steps.get(index + 1).elapsed();
        }
        return settledAt.minus(capacityReturnedAt);
    }

    /** Returns the lowest number of RUNNING tasks at or after {@code from}. */
    public static int lowestRunningCount(List<SimulationStep> steps, String serviceName, Duration from) {
        return steps.stream()
                .filter(step -> step.elapsed().compareTo(from) >= 0)
                .mapToInt(step -> step.tasks().get(serviceName).size())
                .min()
                .orElseThrow(() -> new IllegalArgumentException("no step at or after " + from));
    }

    /**
     * Returns the task-minutes of RUNNING tasks above {@code desiredCount} until {@code end}: the
     * cost of starting tasks before stopping others, measured against the desired count before
     * the rebalance, whether the rebalancer raised the desired count (as SURGE does) or not (as
     * native rebalancing does).
     */
    public static double extraTaskMinutes(List<SimulationStep> steps, String serviceName, int desiredCount,
            Duration end) {
        double seconds = 0;
        for (int index = 0; index < steps.size(); index++) {
            Duration until = index + 1 < steps.size() ? steps.get(index + 1).elapsed() : end;
            int extra = steps.get(index).tasks().get(serviceName).size() - desiredCount;
            seconds += Math.max(0, extra) * until.minus(steps.get(index).elapsed()).toMillis() / 1000.0;
        }
        return seconds / 60;
    }

    /** Returns the most RUNNING tasks above {@code desiredCount} at any step. */
    public static int peakExtraTasks(List<SimulationStep> steps, String serviceName, int desiredCount) {
        return steps.stream()
                .mapToInt(step -> Math.max(0, step.tasks().get(serviceName).size() - desiredCount))
                .max()
                .orElse(0);
    }

    /** Returns true when the step shows the service balanced, as the class describes. */
    static boolean isBalanced(SimulationStep step, String serviceName, int desiredCount) {
        Map<String, Integer> perZone = step.tasksPerZone().get(serviceName);
        int running = perZone.values().stream().mapToInt(Integer::intValue).sum();
        int max = perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = perZone.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return running == desiredCount && max - min <= 1;
    }
}
