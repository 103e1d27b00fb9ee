package io.github.rebalancedecs.emulator;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EcsEmulatorTest {

    @Test
    void endpointIsLoopbackWithEphemeralPort() throws Exception {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            assertEquals("http", emulator.endpoint().getScheme());
            assertTrue(InetAddress.getByName(emulator.endpoint().getHost()).isLoopbackAddress());
            assertTrue(emulator.endpoint().getPort() > 0);
        }
    }

    @Test
    void clockMovesOnlyWhenAdvanced() {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            var start = emulator.now();
            assertEquals(start, emulator.now());

            emulator.advance(Duration.ofHours(2));

            assertEquals(start.plus(Duration.ofHours(2)), emulator.now());
            assertEquals(emulator.now(), emulator.clock().asClock().instant());
        }
    }

    @Test
    void sameSeedGivesSameTaskIds() {
        assertEquals(taskIdsWithSeed(11), taskIdsWithSeed(11));
        assertNotEquals(taskIdsWithSeed(11), taskIdsWithSeed(12));
    }

    @Test
    void advanceUntilStopsAtLimit() {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            var start = emulator.now();

            boolean reached = emulator.advanceUntil(() -> false, Duration.ofMinutes(3));

            assertFalse(reached);
            assertEquals(start.plus(Duration.ofMinutes(3)), emulator.now());
        }
    }

    @Test
    void tasksFollowLifecycleTimings() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a");
            emulator.createService(CLUSTER, Fixtures.spreadService(1).build());

            emulator.advance(Duration.ofSeconds(1));
            assertEquals(TaskStatus.PENDING, emulator.tasks(CLUSTER, SERVICE).get(0).lastStatus());

            emulator.advance(Duration.ofSeconds(5));
            TaskSnapshot running = emulator.tasks(CLUSTER, SERVICE).get(0);
            assertEquals(TaskStatus.RUNNING, running.lastStatus());
            assertEquals(HealthStatus.UNKNOWN, running.healthStatus());

            emulator.advance(Duration.ofSeconds(10));
            assertEquals(HealthStatus.HEALTHY, emulator.tasks(CLUSTER, SERVICE).get(0).healthStatus());
        }
    }

    @Test
    void stoppedTasksExpireAfterRetention() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().stoppedTaskRetention(Duration.ofMinutes(5)).start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(1).build());
            Fixtures.awaitSteady(emulator, 1);
            String instance = emulator.tasks(CLUSTER, SERVICE).get(0).containerInstanceId();

            emulator.stopContainerInstance(CLUSTER, instance);
            emulator.advance(Duration.ofSeconds(1));
            assertEquals(2, emulator.allTasks(CLUSTER).size());

            emulator.advance(Duration.ofMinutes(5));
            assertEquals(1, emulator.allTasks(CLUSTER).size());
            assertTrue(instances.contains(instance));
        }
    }

    @Test
    void invalidSettingsNameTheValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EcsEmulator.builder().tickInterval(Duration.ZERO).settings());
        assertTrue(error.getMessage().contains("tickInterval must be positive"), error.getMessage());

        IllegalArgumentException account = assertThrows(IllegalArgumentException.class,
                () -> EcsEmulator.builder().accountId("12").settings());
        assertTrue(account.getMessage().contains("got 12"), account.getMessage());
    }

    @Test
    void containerInstanceStatusExcludesInactive() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            List<String> ids = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.setContainerInstanceStatus(CLUSTER, ids.get(0), ContainerInstanceStatus.DEREGISTERING);
            emulator.stopContainerInstance(CLUSTER, ids.get(1));

            IllegalArgumentException toInactive = assertThrows(IllegalArgumentException.class,
                    () -> emulator.setContainerInstanceStatus(CLUSTER, ids.get(0), ContainerInstanceStatus.INACTIVE));
            IllegalArgumentException fromInactive = assertThrows(IllegalArgumentException.class,
                    () -> emulator.setContainerInstanceStatus(CLUSTER, ids.get(1), ContainerInstanceStatus.ACTIVE));

            assertTrue(toInactive.getMessage().contains("stopContainerInstance"), toInactive.getMessage());
            assertTrue(fromInactive.getMessage().contains("is INACTIVE"), fromInactive.getMessage());
            assertEquals(ContainerInstanceStatus.DEREGISTERING, emulator.containerInstances(CLUSTER).get(0).status());
        }
    }

    @Test
    void setUpErrorsNameTheMissingResource() {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> emulator.registerContainerInstance("missing", "us-east-1a"));
            assertTrue(error.getMessage().contains("No cluster named missing"), error.getMessage());
        }
    }

    @Test
    void placeRunningTaskSetsInitialDistribution() {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            List<String> instances = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).build());

            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), null);
            emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(0), null);

            assertEquals(Map.of("us-east-1a", 2), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    private static List<String> taskIdsWithSeed(long seed) {
        try (EcsEmulator emulator = Fixtures.fastEmulator().seed(seed).start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(3).build());
            emulator.advance(Duration.ofSeconds(2));
            return emulator.tasks(CLUSTER, SERVICE).stream().map(TaskSnapshot::taskId).toList();
        }
    }
}
