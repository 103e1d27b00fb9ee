package io.github.rebalancedecs.benchmarks.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TaskRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepMeasuresTest {

    private static final String SERVICE = "web";

    /** Returns a step whose RUNNING tasks per zone are {@code a}, {@code b} and {@code c}. */
    private static SimulationStep step(int seconds, int a, int b, int c) {
        Map<String, Integer> perZone = new LinkedHashMap<>();
        perZone.put("us-east-1a", a);
        perZone.put("us-east-1b", b);
        perZone.put("us-east-1c", c);
        List<TaskRow> tasks = new ArrayList<>();
        perZone.forEach((zone, count) -> {
            for (int index = 0; index < count; index++) {
                tasks.add(new TaskRow(zone + index, "instance-" + zone, zone));
            }
        });
        return new SimulationStep(Duration.ofSeconds(seconds), "step", Map.of(SERVICE, tasks),
                Map.of(SERVICE, perZone));
    }

    /** Capacity returns at 600 s; a surge of one task runs from 615 s to 640 s. */
    private static final List<SimulationStep> SURGE = List.of(
            step(0, 1, 1, 1),
            step(120, 0, 1, 1),
            step(150, 0, 2, 1),
            step(600, 0, 2, 1),
            step(615, 1, 2, 1),
            step(640, 1, 1, 1));

    @Test
    void timeToBalanceEndsWhenSurplusStops() {
        assertEquals(Duration.ofSeconds(40), StepMeasures.timeToBalance(SURGE, SERVICE, 3, Duration.ofSeconds(600)));
    }

    @Test
    void timeToBalanceZeroWhenAlreadyBalanced() {
        List<SimulationStep> steps = List.of(step(0, 2, 1, 1), step(300, 1, 1, 1));

        assertEquals(Duration.ZERO, StepMeasures.timeToBalance(steps, SERVICE, 3, Duration.ofSeconds(600)));
    }

    @Test
    void timeToBalanceNullWhenUnbalancedAtEnd() {
        List<SimulationStep> steps = List.of(step(0, 1, 1, 1), step(600, 0, 2, 1));

        assertNull(StepMeasures.timeToBalance(steps, SERVICE, 3, Duration.ofSeconds(600)));
    }

    @Test
    void lowestRunningCountIgnoresStepsBeforeCapacityReturns() {
        assertEquals(3, StepMeasures.lowestRunningCount(SURGE, SERVICE, Duration.ofSeconds(600)));
        assertEquals(2, StepMeasures.lowestRunningCount(SURGE, SERVICE, Duration.ZERO));
    }

    @Test
    void extraTaskMinutesCountsTasksAboveDesiredCount() {
        // One extra task for 25 seconds.
        assertEquals(25 / 60.0, StepMeasures.extraTaskMinutes(SURGE, SERVICE, 3, Duration.ofMinutes(30)), 1e-9);
        assertEquals(1, StepMeasures.peakExtraTasks(SURGE, SERVICE, 3));
    }
}
