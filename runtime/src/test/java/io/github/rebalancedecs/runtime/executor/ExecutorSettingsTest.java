package io.github.rebalancedecs.runtime.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {

    @Test
    void planOnlyOfActingRebalancer() {
        ExecutorSettings planOnly = ExecutorSettings.DEFAULTS.forPlanOnly();

        assertTrue(planOnly.dryRun());
        assertTrue(planOnly.planOnly());
        assertEquals(ExecutorSettings.DEFAULTS.taskStartTimeout(), planOnly.taskStartTimeout());
    }

    @Test
    void planOnlyOfDryRunStaysDryRun() {
        ExecutorSettings dryRun = ExecutorSettings.DEFAULTS.withDryRun(true);

        ExecutorSettings planOnly = dryRun.forPlanOnly();

        assertSame(dryRun, planOnly);
        assertFalse(planOnly.planOnly(), "no later run continues an operation in flight, so it is a failure");
    }

    @Test
    void fourArgumentConstructorIsNotPlanOnly() {
        ExecutorSettings settings = new ExecutorSettings(Duration.ofMinutes(5), 5, Duration.ZERO, true);

        assertFalse(settings.planOnly());
    }

    @Test
    void withDryRunIsNeverPlanOnly() {
        ExecutorSettings planOnly = ExecutorSettings.DEFAULTS.forPlanOnly();

        assertFalse(planOnly.withDryRun(true).planOnly());
        assertFalse(planOnly.withDryRun(false).planOnly());
    }

    @Test
    void planOnlyWithoutDryRunIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ExecutorSettings(Duration.ofMinutes(5), 5, Duration.ZERO, false, true));

        assertTrue(error.getMessage().contains("planOnly requires dryRun"), error.getMessage());
        assertTrue(error.getMessage().contains("got dryRun false"), error.getMessage());
    }
}
