package io.github.rebalancedecs.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskSnapshotTest {

    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef";
    private static final String INSTANCE_ARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/i1";
    private static final Instant STARTED_AT = Instant.parse("2026-12-01T11:00:00Z");

    private static TaskSnapshot task(String lastStatus, String desiredStatus, String health, boolean healthCheck) {
        return new TaskSnapshot(TASK_ARN, INSTANCE_ARN, "us-east-1a", lastStatus, desiredStatus, health,
                healthCheck, STARTED_AT, false, null);
    }

    @ParameterizedTest(name = "{0}/{1}, {2}, health check {3} -> healthy {4}, awaiting check {5}")
    @CsvSource({
            "RUNNING, RUNNING, HEALTHY,   true,  true,  false",
            "RUNNING, RUNNING, UNKNOWN,   true,  false, true",
            "RUNNING, RUNNING, UNHEALTHY, true,  false, false",
            "RUNNING, RUNNING, UNKNOWN,   false, true,  false",
            "RUNNING, RUNNING, UNHEALTHY, false, false, false",
            "RUNNING, RUNNING, HEALTHY,   false, true,  false",
            "PENDING, RUNNING, UNKNOWN,   false, false, false",
            "PENDING, RUNNING, UNKNOWN,   true,  false, false",
            "RUNNING, STOPPED, HEALTHY,   true,  false, false",
            "RUNNING, STOPPED, UNKNOWN,   false, false, false"
    })
    void healthFollowsTaskDefinition(String lastStatus, String desiredStatus, String health, boolean healthCheck,
            boolean expectedHealthy, boolean expectedAwaitingCheck) {
        TaskSnapshot task = task(lastStatus, desiredStatus, health, healthCheck);

        assertEquals(expectedHealthy, task.isRunningAndHealthy());
        assertEquals(expectedAwaitingCheck, task.isAwaitingHealthCheck());
    }

    @Test
    void constructorWithoutHealthCheckAssumesOne() {
        TaskSnapshot task = new TaskSnapshot(TASK_ARN, INSTANCE_ARN, "us-east-1a", "RUNNING", "RUNNING", "UNKNOWN",
                STARTED_AT, false, null);

        assertTrue(task.healthCheck());
        assertFalse(task.isRunningAndHealthy());
    }

    @Test
    void requirementsConstructorWithoutHealthCheckAssumesOne() {
        assertTrue(new TaskRequirements(256, 512, Set.of(), false).healthCheck());
    }

    @Test
    void runningTaskNeedsContainerInstance() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TaskSnapshot(TASK_ARN, null, null, "RUNNING", "RUNNING", "HEALTHY", true, STARTED_AT,
                        false, null));

        assertTrue(error.getMessage().contains("has no container instance"), error.getMessage());
    }
}
