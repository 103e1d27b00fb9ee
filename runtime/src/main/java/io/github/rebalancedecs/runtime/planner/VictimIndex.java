package io.github.rebalancedecs.runtime.planner;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The tasks that a plan may stop, per Availability Zone, in the order the planner takes them.
 * The planner takes a task from the instance with the most tasks of the service. Among those
 * instances it takes the task with the lowest ARN.
 *
 * <p>A task may be stopped when it is RUNNING and healthy, on a connected instance, and not
 * protected from scale-in by anyone but the rebalancer. The index leaves every other task out
 * when it is built, and keeps its order as the plan takes tasks and as the model's task counts
 * change, so that each choice costs a lookup instead of a pass over every task.
 */
final class VictimIndex {

    /** The tasks that may be stopped on one instance, all in one Availability Zone. */
    private static final class InstanceTasks {
        final PlacementModel.Slot slot;
        final String availabilityZone;
        final TreeMap<String, TaskSnapshot> tasksByArn = new TreeMap<>();
        /** The instance's task count when it was last placed in the order; the order's key. */
        int serviceTasks;

        InstanceTasks(PlacementModel.Slot slot, String availabilityZone) {
            this.slot = slot;
            this.availabilityZone = availabilityZone;
            this.serviceTasks = slot.serviceTasks;
        }

        String lowestTaskArn() {
            return tasksByArn.firstKey();
        }
    }

    private static final Comparator<InstanceTasks> ORDER =
            Comparator.comparingInt((InstanceTasks instance) -> -instance.serviceTasks)
                    .thenComparing(InstanceTasks::lowestTaskArn)
                    .thenComparing(instance -> instance.slot.instance.containerInstanceArn());

    private final Map<String, TreeSet<InstanceTasks>> byZone = new HashMap<>();
    /**
     * The entries per container instance ARN, one per zone of its tasks. ECS reports a task in
     * its instance's zone, so there is one; the index does not rely on it.
     */
    private final Map<String, Map<String, InstanceTasks>> byInstance = new HashMap<>();

    /**
     * Builds the index.
     *
     * @param protectedByRebalancer true for tasks whose protection the rebalancer set itself;
     *                              tasks protected by anyone else are left out
     */
    VictimIndex(ServiceSnapshot snapshot, PlacementModel model, Predicate<TaskSnapshot> protectedByRebalancer) {
        for (TaskSnapshot task : snapshot.tasks()) {
            if (task.availabilityZone() == null || !task.isRunningAndHealthy()) {
                continue;
            }
            if (task.protectionEnabled() && !protectedByRebalancer.test(task)) {
                continue;
            }
            PlacementModel.Slot slot = model.slot(task.containerInstanceArn());
            if (slot == null || !slot.instance.agentConnected()) {
                continue;
            }
            byInstance.computeIfAbsent(task.containerInstanceArn(), arn -> new HashMap<>())
                    .computeIfAbsent(task.availabilityZone(), zone -> new InstanceTasks(slot, zone))
                    .tasksByArn.put(task.taskArn(), task);
        }
        for (Map<String, InstanceTasks> zones : byInstance.values()) {
            for (InstanceTasks instance : zones.values()) {
                byZone.computeIfAbsent(instance.availabilityZone, zone -> new TreeSet<>(ORDER)).add(instance);
            }
        }
    }

    /** Returns the task the plan would stop next in the zone, or {@code null} when none may stop. */
    TaskSnapshot next(String availabilityZone) {
        TreeSet<InstanceTasks> instances = byZone.get(availabilityZone);
        if (instances == null || instances.isEmpty()) {
            return null;
        }
        return instances.first().tasksByArn.firstEntry().getValue();
    }

    /** Takes the task out of the index, once the plan has chosen it. */
    void remove(TaskSnapshot task) {
        InstanceTasks instance = byInstance.getOrDefault(task.containerInstanceArn(), Map.of())
                .get(task.availabilityZone());
        if (instance == null || !instance.tasksByArn.containsKey(task.taskArn())) {
            return;
        }
        TreeSet<InstanceTasks> zone = byZone.get(instance.availabilityZone);
        zone.remove(instance);
        instance.tasksByArn.remove(task.taskArn());
        if (!instance.tasksByArn.isEmpty()) {
            zone.add(instance);
        }
    }

    /** Puts the instance back in order after the model changed its task count. */
    void refresh(PlacementModel.Slot slot) {
        for (InstanceTasks instance : byInstance.getOrDefault(slot.instance.containerInstanceArn(), Map.of())
                .values()) {
            if (instance.serviceTasks == slot.serviceTasks || instance.tasksByArn.isEmpty()) {
                continue;
            }
            TreeSet<InstanceTasks> zone = byZone.get(instance.availabilityZone);
            zone.remove(instance);
            instance.serviceTasks = slot.serviceTasks;
            zone.add(instance);
        }
    }
}
