package io.github.rebalancedecs.benchmarks.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TaskRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedFallbackRebalancerTest {

    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

    private static SimulatedFallbackRebalancer rebalancer(FallbackTrigger trigger) {
        return new SimulatedFallbackRebalancer(trigger, Map.of(), Duration.ZERO, Duration.ofSeconds(10), CLUSTER_ARN);
    }

    private static SimulationStep step(int seconds, String label, String... taskIds) {
        List<TaskRow> tasks = java.util.Arrays.stream(taskIds)
                .map(id -> new TaskRow(id, "instance", "us-east-1a"))
                .toList();
        return new SimulationStep(Duration.ofSeconds(seconds), label, Map.of("web", tasks),
                Map.of("web", Map.of("us-east-1a", tasks.size())));
    }

    @Test
    void registeredInstanceBecomesContainerInstanceEvent() {
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        rebalancer.accept(step(0, "start", "t1"));
        rebalancer.accept(step(600, "registerContainerInstance availabilityZone=us-east-1a", "t1"));

        List<String> events = rebalancer.pendingEvents();
        assertEquals(1, events.size());
        assertTrue(events.get(0).contains("ECS Container Instance State Change"), events.get(0));
        assertTrue(events.get(0).contains(CLUSTER_ARN), events.get(0));
    }

    @Test
    void stoppedTaskBecomesTaskEventForService() {
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        rebalancer.accept(step(0, "start", "t1", "t2"));
        rebalancer.accept(step(30, "tasks changed", "t2"));

        List<String> events = rebalancer.pendingEvents();
        assertEquals(1, events.size());
        assertTrue(events.get(0).contains("ECS Task State Change"), events.get(0));
        assertTrue(events.get(0).contains("service:web"), events.get(0));
        assertTrue(events.get(0).contains("STOPPED"), events.get(0));
    }

    @Test
    void startedTaskTriggersNothing() {
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        rebalancer.accept(step(0, "start", "t1"));
        rebalancer.accept(step(30, "tasks changed", "t1", "t2"));

        assertTrue(rebalancer.pendingEvents().isEmpty());
    }

    @Test
    void stoppedInstanceTriggersOnlyTaskEvent() {
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        rebalancer.accept(step(0, "start", "t1", "t2"));
        rebalancer.accept(step(120, "stopContainerInstance containerInstance=fd0f", "t2"));

        List<String> events = rebalancer.pendingEvents();
        assertEquals(1, events.size(), "a stopped instance is not ACTIVE, so only its stopped task triggers");
        assertTrue(events.get(0).contains("ECS Task State Change"), events.get(0));
    }

    @Test
    void scheduleTriggerIgnoresEvents() {
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.SCHEDULE);

        rebalancer.accept(step(0, "start", "t1"));
        rebalancer.accept(step(30, "registerContainerInstance availabilityZone=us-east-1a", "t1", "t2"));

        assertTrue(rebalancer.pendingEvents().isEmpty());
    }

    @Test
    void schedulePhaseOutsideIntervalRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedFallbackRebalancer(FallbackTrigger.SCHEDULE, Map.of(), Duration.ofMinutes(1),
                        Duration.ofSeconds(10), CLUSTER_ARN));

        assertTrue(error.getMessage().contains("schedulePhase must be from 0 to less than PT1M, got PT1M"),
                error.getMessage());
    }
}
