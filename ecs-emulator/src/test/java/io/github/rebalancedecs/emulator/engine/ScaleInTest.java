package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scale-in through UpdateService, as ECS documents its task selection. */
class ScaleInTest {

    private static final String TASK_A1 = "a1000000000000000000000000000000";
    private static final String TASK_A2 = "a2000000000000000000000000000000";
    private static final String TASK_A3 = "a3000000000000000000000000000000";
    private static final String TASK_B1 = "b1000000000000000000000000000000";
    private static final String TASK_B2 = "b2000000000000000000000000000000";
    private static final String TASK_C1 = "c1000000000000000000000000000000";

    @Test
    void scaleInPicksFullestZoneThenInstance() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            // In us-east-1a instance 0 runs a1 and a2 and instance 1 runs a3. One instance runs b1 and b2, another c1.
            List<String> instances = Fixtures.clusterWithInstances(emulator,
                    "us-east-1a", "us-east-1a", "us-east-1b", "us-east-1c");
            emulator.createService(CLUSTER, Fixtures.spreadService(6).availabilityZoneRebalancing(false).build());
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A1);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A2);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(1), TASK_A3);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(2), TASK_B1);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(2), TASK_B2);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(3), TASK_C1);

            ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(4));
            emulator.advance(Duration.ofSeconds(1));

            // First us-east-1a (3 tasks), from its instance with two tasks, the lower ID first. Then
            // us-east-1a and us-east-1b tie at 2, and b1 goes because its instance runs two tasks.
            assertEquals(List.of(TASK_A1, TASK_B1), stoppingTaskIds(emulator));
            emulator.advance(Duration.ofMinutes(1));
            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 1, "us-east-1c", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void scaleInSkipsProtectedTasks() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(3).availabilityZoneRebalancing(false).build());
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A1);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A2);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(1), TASK_B1);
            ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(TASK_A1, TASK_A2).protectionEnabled(true));

            ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(2));
            emulator.advance(Duration.ofSeconds(1));

            assertEquals(List.of(TASK_B1), stoppingTaskIds(emulator));
        }
    }

    @Test
    void scaleInWaitsWhileEveryTaskIsProtected() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).availabilityZoneRebalancing(false).build());
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A1);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), TASK_A2);
            ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(TASK_A1, TASK_A2).protectionEnabled(true)
                    .expiresInMinutes(10));

            ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(1));
            emulator.advance(Duration.ofMinutes(5));
            assertTrue(stoppingTaskIds(emulator).isEmpty());
            assertEquals(2, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));

            emulator.advance(Duration.ofMinutes(6));
            assertEquals(1, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));
        }
    }

    @Test
    void scaleInCancelsUnplacedTasksFirst() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).availabilityZoneRebalancing(false)
                    .hostPorts(List.of(80)).build());
            emulator.advance(Duration.ofMinutes(1));
            assertTrue(emulator.tasks(CLUSTER, SERVICE).stream().anyMatch(t -> t.lastStatus() == TaskStatus.PROVISIONING));

            ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(1));
            emulator.advance(Duration.ofSeconds(2));

            List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE);
            assertEquals(1, tasks.size());
            assertEquals(TaskStatus.RUNNING, tasks.get(0).lastStatus());
            assertFalse(emulator.allTasks(CLUSTER).stream()
                    .anyMatch(t -> t.lastStatus() == TaskStatus.PROVISIONING));
        }
    }

    private static List<String> stoppingTaskIds(EcsEmulator emulator) {
        return emulator.tasks(CLUSTER, SERVICE).stream()
                .filter(t -> t.desiredStatus() == TaskStatus.STOPPED)
                .map(TaskSnapshot::taskId)
                .sorted()
                .toList();
    }
}
