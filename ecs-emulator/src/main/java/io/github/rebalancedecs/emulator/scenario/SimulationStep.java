package io.github.rebalancedecs.emulator.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The state of the scenario's services at one step: the start, each timeline event, and each
 * tick at which a service's tasks changed.
 *
 * @param elapsed          virtual time since the start
 * @param label            why this step was taken, for example {@code stopContainerInstance containerInstance=...}
 * @param tasks            per service, its RUNNING tasks (desired status RUNNING too), sorted by task ID
 * @param tasksPerZone     per service, the RUNNING tasks per Availability Zone; AZs of the cluster
 *                         without a task show 0
 */
public record SimulationStep(
        Duration elapsed,
        String label,
        Map<String, List<TaskRow>> tasks,
        Map<String, Map<String, Integer>> tasksPerZone) {

    public SimulationStep {
        tasks = Map.copyOf(tasks);
        tasksPerZone = Map.copyOf(tasksPerZone);
    }
}
