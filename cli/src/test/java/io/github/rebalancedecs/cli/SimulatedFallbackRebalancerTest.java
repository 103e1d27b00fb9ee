package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.cli.SimulatedFallbackRebalancer.EcsEvent;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.scenario.RebalancerInvocation;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.ScenarioRunner;
import io.github.rebalancedecs.emulator.scenario.ServiceOutcome;
import io.github.rebalancedecs.emulator.scenario.SimulationResult;
import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TaskRow;
import io.github.rebalancedecs.emulator.scenario.TimelineAction;
import io.github.rebalancedecs.runtime.config.ConfigurationException;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.handler.InvocationRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedFallbackRebalancerTest {

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    private static final Map<String, Integer> ONE_PER_ZONE = Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1);

    private static SimulatedFallbackRebalancer rebalancer(FallbackTrigger trigger) {
        return new SimulatedFallbackRebalancer(trigger, Map.of(), Duration.ZERO, Duration.ofSeconds(10));
    }

    private static SimulationStep step(int seconds, String label, String... taskIds) {
        List<TaskRow> tasks = Arrays.stream(taskIds)
                .map(id -> new TaskRow(id, "instance", "us-east-1a"))
                .toList();
        return new SimulationStep(Duration.ofSeconds(seconds), label, Map.of("web", tasks),
                Map.of("web", Map.of("us-east-1a", tasks.size())));
    }

    static Stream<Arguments> stepsAndEvents() {
        return Stream.of(
                Arguments.of("registered instance -> container instance event", FallbackTrigger.EVENTS_AND_SCHEDULE,
                        List.of(step(0, "start", "t1"),
                                step(600, "registerContainerInstance availabilityZone=us-east-1a", "t1")),
                        List.of(EcsEvent.containerInstanceActive())),
                Arguments.of("stopped task -> task event for its service", FallbackTrigger.EVENTS_AND_SCHEDULE,
                        List.of(step(0, "start", "t1", "t2"), step(30, "tasks changed", "t2")),
                        List.of(EcsEvent.taskStopped("web"))),
                Arguments.of("started task -> no event", FallbackTrigger.EVENTS_AND_SCHEDULE,
                        List.of(step(0, "start", "t1"), step(30, "tasks changed", "t1", "t2")),
                        List.of()),
                Arguments.of("stopped instance, not ACTIVE -> only its stopped task's event",
                        FallbackTrigger.EVENTS_AND_SCHEDULE,
                        List.of(step(0, "start", "t1", "t2"),
                                step(120, "stopContainerInstance containerInstance=fd0f", "t2")),
                        List.of(EcsEvent.taskStopped("web"))),
                Arguments.of("schedule trigger -> no event", FallbackTrigger.SCHEDULE,
                        List.of(step(0, "start", "t1"),
                                step(30, "registerContainerInstance availabilityZone=us-east-1a", "t1", "t2")),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepsAndEvents")
    void stepsBecomeEcsEvents(String scenario, FallbackTrigger trigger, List<SimulationStep> steps,
            List<EcsEvent> expectedEvents) {
        SimulatedFallbackRebalancer rebalancer = rebalancer(trigger);

        steps.forEach(rebalancer::observeStep);

        assertEquals(expectedEvents, rebalancer.pendingEvents());
    }

    @Test
    void eventsSelectServicesInHandler() throws IOException {
        RebalancerInvocation invocation = new RebalancerInvocation(URI.create("http://127.0.0.1:1"), "us-east-1",
                "prod", List.of("web", "api"), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Instant.EPOCH);
        String clusterArn = SimulatedFallbackRebalancer.clusterArn(invocation);

        InvocationRequest taskStopped = parse(EcsEvent.taskStopped("web").toJson(clusterArn));
        InvocationRequest instanceActive = parse(EcsEvent.containerInstanceActive().toJson(clusterArn));

        assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/prod", clusterArn);
        assertEquals(List.of("web"), taskStopped.serviceNames());
        assertEquals("ECS Task State Change", taskStopped.trigger());
        assertEquals(List.of("web", "api"), instanceActive.serviceNames());
        assertEquals("ECS Container Instance State Change", instanceActive.trigger());
    }

    @Test
    void schedulePhaseOutsideIntervalRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedFallbackRebalancer(FallbackTrigger.SCHEDULE, Map.of(), Duration.ofMinutes(1),
                        Duration.ofSeconds(10)));

        assertTrue(error.getMessage().contains("schedulePhase must be from 0 to less than PT1M, got PT1M"),
                error.getMessage());
    }

    @Test
    void negativeEventDelayRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedFallbackRebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE, Map.of(), Duration.ZERO,
                        Duration.ofSeconds(-1)));

        assertTrue(error.getMessage().contains("eventDelay must not be negative, got PT-1S"), error.getMessage());
    }

    @Test
    void policySettingClusterRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedFallbackRebalancer(FallbackTrigger.SCHEDULE,
                        Map.of(RebalancerConfig.CLUSTER_NAME, "prod", RebalancerConfig.STRATEGY, "REPLACE"),
                        Duration.ZERO, Duration.ofSeconds(10)));

        assertTrue(error.getMessage().contains("policyEnvironment must not set [REBALANCER_CLUSTER_NAME]"),
                error.getMessage());
    }

    @Test
    void invalidPolicyRejectedAtConstruction() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> new SimulatedFallbackRebalancer(FallbackTrigger.SCHEDULE,
                        Map.of(RebalancerConfig.STRATEGY, "FASTEST"), Duration.ZERO, Duration.ofSeconds(10)));

        assertTrue(error.getMessage().contains("REBALANCER_STRATEGY must be SURGE or REPLACE, got 'FASTEST'"),
                error.getMessage());
    }

    @Test
    void instanceJoiningTriggersRebalance() throws IOException {
        // Observed case 1 with the new us-east-1a instance at +00:07:30, between two scheduled
        // runs (+00:07:00 and +00:08:00), so only the container instance event, which arrives at
        // +00:07:40, can start the surge before +00:08:00.
        Scenario scenario = withRegistrationAt(ScenarioLoader.load("observed-case-1"), Duration.ofSeconds(450));
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        SimulationResult result = run(scenario, rebalancer);

        ServiceOutcome web = result.service("web");
        assertEquals(ONE_PER_ZONE, web.finalTasksPerZone());
        assertTrue(rebalancer.invocationStarts().contains(Duration.ofSeconds(460)),
                rebalancer.invocationStarts().toString());
        SimulationStep surge = result.steps().stream()
                .filter(step -> step.tasks().get("web").size() == 4)
                .findFirst()
                .orElseThrow();
        assertTrue(surge.elapsed().compareTo(Duration.ofMinutes(8)) < 0, surge.elapsed().toString());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(3)) < 0, web.timeToBalance().toString());
        assertTrue(result.rebalancerErrors().isEmpty(), result.rebalancerErrors().toString());
    }

    @Test
    void invocationStopsSteppingWhenTimeRunsOut() throws IOException {
        // Observed case 1 with a 5-minute health check. The schedule at +00:10:00, when the new
        // instance registers, starts a surge whose new task is HEALTHY only at about +00:15:15.
        // That invocation steps every 10 s until +00:13:10, 190 s in: the 4-minute timeout less
        // the 10-second poll interval and the 40-second reserve of the handler's runner. At
        // +00:13:20 it has ended, and a schedule that queued meanwhile starts the next invocation,
        // which continues the surge from the service's tags.
        Scenario scenario = withHealthCheckDuration(ScenarioLoader.load("observed-case-1"), Duration.ofMinutes(5));
        SimulatedFallbackRebalancer rebalancer = rebalancer(FallbackTrigger.EVENTS_AND_SCHEDULE);

        SimulationResult result = run(scenario, rebalancer);

        Duration surgeStart = Duration.ofMinutes(10);
        List<Duration> starts = rebalancer.invocationStarts();
        assertTrue(starts.contains(surgeStart), starts.toString());
        assertEquals(surgeStart.plusSeconds(200), starts.get(starts.indexOf(surgeStart) + 1), starts.toString());
        assertEquals(ONE_PER_ZONE, result.service("web").finalTasksPerZone());
        assertTrue(result.rebalancerErrors().isEmpty(), result.rebalancerErrors().toString());
    }

    private static SimulationResult run(Scenario scenario, SimulatedFallbackRebalancer rebalancer) {
        try (rebalancer) {
            return new ScenarioRunner(scenario, RebalancerMode.FALLBACK, rebalancer).run(step -> { });
        }
    }

    private static InvocationRequest parse(String event) throws IOException {
        return InvocationRequest.parse(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), "prod",
                List.of("web", "api"));
    }

    private static Scenario withRegistrationAt(Scenario scenario, Duration at) {
        List<TimelineEvent> timeline = scenario.timeline().stream()
                .map(event -> event.action() == TimelineAction.REGISTER_CONTAINER_INSTANCE
                        ? new TimelineEvent(at, event.action(), event.parameters())
                        : event)
                .toList();
        return new Scenario(scenario.name(), scenario.description(), scenario.settings(), scenario.clusterName(),
                scenario.duration(), scenario.containerInstances(), scenario.services(), timeline);
    }

    private static Scenario withHealthCheckDuration(Scenario scenario, Duration healthCheckDuration) {
        EmulatorSettings settings = scenario.settings();
        EmulatorSettings slowHealthCheck = new EmulatorSettings(settings.region(), settings.accountId(),
                settings.seed(), settings.startTime(), settings.tickInterval(), settings.taskStartDuration(),
                healthCheckDuration, settings.taskStopDuration(), settings.nativeRebalancingDetectionDelay(),
                settings.stoppedTaskRetention(), settings.port());
        return new Scenario(scenario.name(), scenario.description(), slowHealthCheck, scenario.clusterName(),
                scenario.duration(), scenario.containerInstances(), scenario.services(), scenario.timeline());
    }
}
