package io.github.rebalancedecs.emulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task-level faults; API faults are covered with the SDK in ErrorMappingTest. */
class FaultsTest {

    @Test
    void taskStartFailuresStopTasks() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.faults().failTaskStarts("us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(2).build());

            emulator.advance(Duration.ofMinutes(1));

            List<TaskSnapshot> failed = emulator.allTasks(CLUSTER).stream()
                    .filter(t -> "TaskFailedToStart".equals(t.stopCode())).toList();
            assertTrue(failed.size() > 1, "the scheduler keeps retrying the failed start: " + failed.size());
            assertTrue(failed.stream().allMatch(t -> t.availabilityZone().equals("us-east-1b")));
            assertNull(failed.get(0).startedAt());
            assertEquals(1, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1a"));
            assertNull(emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1b"));

            emulator.faults().clear();
            Fixtures.awaitSteady(emulator, 2);
            assertEquals(1, emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).get("us-east-1b"));
        }
    }

    @Test
    void slowTaskStartsDelayOnlyThatZone() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.faults().slowTaskStarts("us-east-1b", Duration.ofMinutes(2));
            emulator.createService(CLUSTER, Fixtures.spreadService(2).build());

            emulator.advance(Duration.ofMinutes(1));
            assertEquals(Map.of("us-east-1a", 1), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));

            emulator.advance(Duration.ofMinutes(2));
            assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void invalidFaultSettingsNameTheValue() {
        try (EcsEmulator emulator = EcsEmulator.start()) {
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                    () -> emulator.faults().throttle(1.5, "ListTasks"));
            assertTrue(rate.getMessage().contains("rate must be between 0 and 1, got 1.5"), rate.getMessage());

            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> emulator.faults().throttleNext(0));
            assertTrue(count.getMessage().contains("count must be at least 1, got 0"), count.getMessage());
        }
    }
}
