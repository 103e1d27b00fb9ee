package io.github.rebalancedecs.emulator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Chooses which tasks of a service to stop when it has more tasks than it needs, as the ECS
 * service scheduler documents it. The first choice is the Availability Zone with the most tasks
 * of the service, and in it the container instance with the most tasks of the service. Tasks with
 * scale-in protection are never chosen, and tasks that were never placed go first.
 *
 * <p>Example: tasks [a1, a2, b1] across us-east-1a (a1, a2 on one instance) and us-east-1b
 * choose a1 or a2 first, because us-east-1a has two tasks.
 *
 * <p>NOTE: ECS does not document the tie-break between equal tasks. The emulator stops the
 * task with the lowest ID, which matches every stop in the cases operators recorded.
 */
final class ScaleInSelection {

    private ScaleInSelection() {
    }

    /**
     * Returns up to {@code count} tasks to stop, in the order they would be chosen.
     *
     * @param activeTasks all tasks of the service with desired status RUNNING; counts per AZ and
     *                    instance are taken over these
     * @param eligible    which of them may be stopped, besides not being protected
     */
    static List<Task> select(List<Task> activeTasks, int count, Predicate<Task> eligible, Instant now) {
        List<Task> remaining = new ArrayList<>(activeTasks);
        List<Task> selected = new ArrayList<>();

        while (selected.size() < count) {
            Map<String, Integer> tasksPerZone = new HashMap<>();
            Map<ContainerInstance, Integer> tasksPerInstance = new HashMap<>();
            for (Task task : remaining) {
                if (task.containerInstance() != null) {
                    tasksPerZone.merge(task.availabilityZone(), 1, Integer::sum);
                    tasksPerInstance.merge(task.containerInstance(), 1, Integer::sum);
                }
            }

            Comparator<Task> order = Comparator
                    .comparing((Task task) -> task.containerInstance() != null)
                    .thenComparing(task -> -tasksPerZone.getOrDefault(task.availabilityZone(), 0))
                    .thenComparing(task -> -tasksPerInstance.getOrDefault(task.containerInstance(), 0))
                    .thenComparing(Task::id);
            Task next = remaining.stream()
                    .filter(task -> !task.isProtected(now) && eligible.test(task))
                    .min(order)
                    .orElse(null);
            if (next == null) {
                break;
            }
            selected.add(next);
            remaining.remove(next);
        }
        return selected;
    }
}
