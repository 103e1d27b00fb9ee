package io.github.rebalancedecs.benchmarks.planner;

import io.github.rebalancedecs.runtime.planner.ContainerInstanceSnapshot;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.ServiceDeployment;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskRequirements;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the service snapshots the planner benchmark plans for. */
public final class PlannerSnapshots {

    /** The time every snapshot is observed at. */
    public static final Instant OBSERVED_AT = Instant.parse("2026-01-05T09:00:00Z");

    private static final String PREFIX = "arn:aws:ecs:us-east-1:123456789012:";
    /** Tasks per container instance: 10 tasks of 128 CPU units on an instance of 2048. */
    private static final int TASKS_PER_INSTANCE = 10;

    /** The spread of the tasks over the zones. */
    public enum Shape {
        /** Every zone has the same number of tasks, give or take one, so the planner returns no move. */
        BALANCED,
        /**
         * The last zone has just got its capacity back: its instances are empty and the tasks are
         * spread over the other zones, so the planner plans moves into it.
         */
        ZONE_RETURNED
    }

    private PlannerSnapshots() {
    }

    /**
     * Builds a snapshot of one service on EC2.
     *
     * @param tasks the service's RUNNING tasks, which is also its desired count
     * @param zones the number of Availability Zones, each with the same number of instances
     * @param shape how the tasks are spread
     * @throws IllegalArgumentException when tasks or zones are below 1, or ZONE_RETURNED has one zone
     */
    public static ServiceSnapshot of(int tasks, int zones, Shape shape) {
        if (tasks < 1 || zones < 1 || (shape == Shape.ZONE_RETURNED && zones < 2)) {
            throw new IllegalArgumentException("tasks and zones must be at least 1, and ZONE_RETURNED needs at least "
                    + "2 zones, got tasks " + tasks + ", zones " + zones + ", shape " + shape);
        }
        int zonesWithTasks = shape == Shape.BALANCED ? zones : zones - 1;
        int instancesPerZone = (tasks / zonesWithTasks + TASKS_PER_INSTANCE) / TASKS_PER_INSTANCE;

        List<List<String>> instancesByZone = new ArrayList<>();
        List<Integer> tasksOnInstance = new ArrayList<>();
        for (int zone = 0; zone < zones; zone++) {
            List<String> arns = new ArrayList<>();
            for (int index = 0; index < instancesPerZone; index++) {
                arns.add(PREFIX + "container-instance/prod/" + "%032x".formatted(zone * instancesPerZone + index));
                tasksOnInstance.add(0);
            }
            instancesByZone.add(arns);
        }

        // Tasks round-robin over the zones that hold tasks, then over each zone's instances.
        List<TaskSnapshot> taskSnapshots = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            int zone = task % zonesWithTasks;
            int instance = (task / zonesWithTasks) % instancesPerZone;
            tasksOnInstance.set(zone * instancesPerZone + instance, tasksOnInstance.get(zone * instancesPerZone + instance) + 1);
            taskSnapshots.add(new TaskSnapshot(PREFIX + "task/prod/" + "%032x".formatted(task),
                    instancesByZone.get(zone).get(instance), zoneName(zone), "RUNNING", "RUNNING", "HEALTHY",
                    OBSERVED_AT.minusSeconds(3600), false, null));
        }

        List<ContainerInstanceSnapshot> instances = new ArrayList<>();
        for (int zone = 0; zone < zones; zone++) {
            for (int index = 0; index < instancesPerZone; index++) {
                int used = tasksOnInstance.get(zone * instancesPerZone + index);
                instances.add(new ContainerInstanceSnapshot(instancesByZone.get(zone).get(index),
                        "i-%017x".formatted(zone * instancesPerZone + index), zoneName(zone), "ACTIVE", true,
                        2048 - 128 * used, 4096 - 256 * used, Set.of(22, 51678),
                        Map.of("ecs.availability-zone", zoneName(zone))));
            }
        }

        String taskDefinition = PREFIX + "task-definition/web:1";
        return new ServiceSnapshot("prod", "web", PREFIX + "service/prod/web", "ACTIVE", "REPLICA", "EC2", tasks, tasks,
                0, 100, 200, List.of(new ServiceDeployment("ecs-svc/1", "PRIMARY", "COMPLETED", taskDefinition)),
                List.of(new PlacementStrategy("spread", "attribute:ecs.availability-zone"),
                        new PlacementStrategy("spread", "instanceId")),
                List.of(), new TaskRequirements(128, 256, Set.of(), false), Set.of(), Map.of(), taskSnapshots,
                instances, OBSERVED_AT);
    }

    private static String zoneName(int zone) {
        return "us-east-1" + (char) ('a' + zone);
    }
}
