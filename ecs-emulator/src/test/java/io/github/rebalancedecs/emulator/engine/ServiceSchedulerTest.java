package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceSchedulerTest {

    @Test
    void defaultPlacementSpreadsAcrossZonesThenInstances() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).desiredCount(4).build());

            Fixtures.awaitSteady(emulator, 4);

            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 2),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
            Map<String, Long> perInstance = tasksPerInstance(emulator);
            assertEquals(1L, perInstance.get(instances.get(0)));
            assertEquals(1L, perInstance.get(instances.get(1)));
            assertEquals(2L, perInstance.get(instances.get(2)));
        }
    }

    @Test
    void binpackFillsOneInstanceFirst() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).desiredCount(3)
                    .placementStrategies(List.of(PlacementStrategy.binpack("memory"))).build());

            Fixtures.awaitSteady(emulator, 3);

            assertEquals(Map.of(instances.get(0), 3L), tasksPerInstance(emulator));
        }
    }

    @Test
    void randomPlacementIsSeeded() {
        assertEquals(randomPlacement(5), randomPlacement(5));
    }

    @Test
    void distinctInstanceLeavesExtraTasksProvisioning() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(3)
                    .placementConstraints(List.of(PlacementConstraint.distinctInstance())).build());

            emulator.advance(Duration.ofMinutes(1));

            List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE);
            assertEquals(2, tasks.stream().filter(t -> t.lastStatus() == TaskStatus.RUNNING).count());
            TaskSnapshot waiting = tasks.stream().filter(t -> t.lastStatus() == TaskStatus.PROVISIONING)
                    .findFirst().orElseThrow();
            assertNull(waiting.containerInstanceId());
            assertTrue(emulator.serviceEvents(CLUSTER, SERVICE).stream()
                    .anyMatch(e -> e.message().contains("was unable to place a task")));

            emulator.registerContainerInstance(CLUSTER, "us-east-1c");
            Fixtures.awaitSteady(emulator, 3);
            assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void memberOfKeepsTasksInListedZones() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
            emulator.createService(CLUSTER, Fixtures.spreadService(4).placementConstraints(List.of(
                    PlacementConstraint.memberOf("attribute:ecs.availability-zone in [us-east-1a, us-east-1c]")))
                    .build());

            Fixtures.awaitSteady(emulator, 4);

            assertEquals(Map.of("us-east-1a", 2, "us-east-1c", 2),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void resourceAndPortFitLimitPlacement() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            emulator.createCluster(CLUSTER);
            emulator.registerContainerInstance(CLUSTER,
                    ContainerInstanceSpec.builder().availabilityZone("us-east-1a").cpu(1024).memory(8192).build());
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).desiredCount(3)
                    .taskCpu(512).taskMemory(512).build());
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("ssh").desiredCount(1)
                    .taskCpu(0).hostPorts(List.of(22)).build());

            emulator.advance(Duration.ofMinutes(1));

            assertEquals(2, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));
            assertEquals(TaskStatus.PROVISIONING, emulator.tasks(CLUSTER, "ssh").get(0).lastStatus());
            assertEquals(0, emulator.containerInstances(CLUSTER).get(0).remainingCpu());
        }
    }

    @Test
    void stoppedInstanceTasksAreReplacedElsewhere() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
            emulator.createService(CLUSTER, Fixtures.spreadService(3).build());
            Fixtures.awaitSteady(emulator, 3);

            emulator.stopContainerInstance(CLUSTER, instances.get(0));
            TaskSnapshot stopped = emulator.allTasks(CLUSTER).stream()
                    .filter(t -> t.lastStatus() == TaskStatus.STOPPED).findFirst().orElseThrow();
            Fixtures.awaitSteady(emulator, 3);

            assertEquals("TerminationNotice", stopped.stopCode());
            assertTrue(stopped.stoppedReason().contains("stopped/terminated"), stopped.stoppedReason());
            Map<String, Integer> perZone = emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE);
            assertEquals(3, perZone.values().stream().mapToInt(Integer::intValue).sum());
            assertNull(perZone.get("us-east-1a"));
        }
    }

    @Test
    void drainingSurgesBeforeStopping() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).build());
            Fixtures.awaitSteady(emulator, 2);
            String drained = instances.get(0);

            emulator.drainContainerInstance(CLUSTER, drained);
            int lowestRunning = Integer.MAX_VALUE;
            for (int second = 0; second < 60; second++) {
                emulator.advance(Duration.ofSeconds(1));
                lowestRunning = Math.min(lowestRunning, runningCount(emulator));
            }

            assertEquals(2, lowestRunning);
            assertEquals(Map.of("us-east-1b", 2), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
            assertTrue(emulator.tasks(CLUSTER, SERVICE).stream().noneMatch(t -> drained.equals(t.containerInstanceId())));
        }
    }

    @Test
    void drainingStopsFirstAtMaximum100() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).maximumPercent(100).minimumHealthyPercent(50)
                    .build());
            Fixtures.awaitSteady(emulator, 2);

            emulator.drainContainerInstance(CLUSTER, instances.get(0));
            int highestHoldingResources = 0;
            int lowestRunning = Integer.MAX_VALUE;
            for (int second = 0; second < 60; second++) {
                emulator.advance(Duration.ofSeconds(1));
                highestHoldingResources = Math.max(highestHoldingResources, (int) emulator.tasks(CLUSTER, SERVICE)
                        .stream().filter(t -> t.desiredStatus() == TaskStatus.RUNNING).count());
                lowestRunning = Math.min(lowestRunning, runningCount(emulator));
            }

            assertEquals(2, highestHoldingResources);
            assertEquals(1, lowestRunning);
            assertEquals(Map.of("us-east-1b", 2), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void unhealthyTaskIsReplaced() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).build());
            Fixtures.awaitSteady(emulator, 2);
            String sick = emulator.tasks(CLUSTER, SERVICE).get(0).taskId();

            emulator.setTaskHealth(CLUSTER, sick, HealthStatus.UNHEALTHY);
            Fixtures.awaitSteady(emulator, 2);

            assertTrue(emulator.tasks(CLUSTER, SERVICE).stream().noneMatch(t -> t.taskId().equals(sick)));
        }
    }

    @Test
    void daemonRunsOneTaskPerInstance() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).daemon(true).build());

            emulator.advance(Duration.ofMinutes(1));
            emulator.registerContainerInstance(CLUSTER, "us-east-1c");
            emulator.advance(Duration.ofMinutes(1));

            assertEquals(4, runningCount(emulator));
            assertEquals(4, tasksPerInstance(emulator).size());
        }
    }

    @Test
    void zoneFailureAndRestore() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
            emulator.createService(CLUSTER, Fixtures.spreadService(3).build());
            Fixtures.awaitSteady(emulator, 3);

            emulator.failAvailabilityZone("us-east-1a");
            Fixtures.awaitSteady(emulator, 3);
            assertNull(emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));
            assertTrue(emulator.containerInstances(CLUSTER).stream()
                    .filter(i -> i.availabilityZone().equals("us-east-1a")).noneMatch(i -> i.agentConnected()));

            emulator.restoreAvailabilityZone("us-east-1a");
            emulator.controlPlane().execute(() -> {
                Service service = emulator.controlPlane().service(emulator.controlPlane().cluster(CLUSTER), SERVICE);
                emulator.controlPlane().updateService(service, new ServiceUpdate(4, null, null, null, null, null));
                return null;
            });
            Fixtures.awaitSteady(emulator, 4);
            assertEquals(1, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));
        }
    }

    private static int runningCount(EcsEmulator emulator) {
        return (int) emulator.tasks(CLUSTER, SERVICE).stream()
                .filter(t -> t.lastStatus() == TaskStatus.RUNNING && t.desiredStatus() == TaskStatus.RUNNING)
                .count();
    }

    private static Map<String, Long> tasksPerInstance(EcsEmulator emulator) {
        return emulator.tasks(CLUSTER, SERVICE).stream()
                .filter(t -> t.containerInstanceId() != null)
                .collect(Collectors.groupingBy(TaskSnapshot::containerInstanceId, Collectors.counting()));
    }

    private static Map<String, Long> randomPlacement(long seed) {
        try (EcsEmulator emulator = Fixtures.fastEmulator().seed(seed).start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d");
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).desiredCount(6)
                    .placementStrategies(List.of(PlacementStrategy.random())).build());
            emulator.advance(Duration.ofSeconds(2));
            return emulator.tasks(CLUSTER, SERVICE).stream()
                    .collect(Collectors.groupingBy(TaskSnapshot::availabilityZone, Collectors.counting()));
        }
    }
}
