package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.Service;
import io.github.rebalancedecs.emulator.engine.ServiceUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TimelinePlayer#setUpScenario} and {@link TimelinePlayer#playUntil} on the shipped scenarios. */
class TimelinePlayerTest {

    private static final ServiceUpdate NATIVE_OFF = new ServiceUpdate(null, false, null, null, null, null);

    private EcsEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = EcsEmulator.builder().seed(42).start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void shippedScenarioStartsWithRecordedTasks() throws IOException {
        TimelinePlayer.setUpScenario(emulator, "observed-case-2", null);

        assertEquals(Map.of("us-east-1a", 2, "us-east-1c", 1), emulator.runningTasksPerAvailabilityZone("prod", "web"));
        assertEquals(List.of("d420d2c918d747f6a2cf1a65c8869354", "e6d1c1c466e441cda44d94c77372bb7e",
                "dbf602f92bbf4c9ba5847b505aad5a55"), taskIds());
        assertEquals(2, emulator.containerInstances("prod").size(), "the us-east-1b instance joins at 1 minute");
        assertTrue(service().availabilityZoneRebalancing(), "the scenario's services keep native rebalancing");
    }

    @Test
    void playUntilLetsSchedulerReactBetweenEvents() throws IOException {
        TimelinePlayer player = TimelinePlayer.setUpScenario(emulator, "observed-case-1", NATIVE_OFF);

        List<String> applied = player.playUntil(emulator, Duration.ofMinutes(10));

        assertEquals(2, applied.size(), applied.toString());
        assertTrue(applied.get(0).startsWith("stopContainerInstance"), applied.get(0));
        assertTrue(applied.get(1).startsWith("registerContainerInstance"), applied.get(1));
        // The task of the stopped us-east-1a instance restarted in us-east-1b with its recorded ID
        // before the new us-east-1a instance joined.
        assertEquals(Map.of("us-east-1b", 2, "us-east-1c", 1), emulator.runningTasksPerAvailabilityZone("prod", "web"));
        assertTrue(taskIds().contains("87054724fb1045458d6ac7bbab585649"), taskIds().toString());
        assertEquals(emulator.settings().startTime().plus(Duration.ofMinutes(10)), emulator.now());
    }

    @Test
    void playUntilReportsEventsWhenApplied() throws IOException {
        TimelinePlayer player = TimelinePlayer.setUpScenario(emulator, "observed-case-1", NATIVE_OFF);
        List<String> reported = new ArrayList<>();

        List<String> applied = player.playUntil(emulator, Duration.ofMinutes(10),
                (elapsed, event) -> reported.add(elapsed + " " + event));

        assertEquals(List.of(
                "PT2M stopContainerInstance containerInstance=fd0fe4a41a9b42b2bf2023b9c421beb2",
                "PT10M registerContainerInstance availabilityZone=us-east-1a id=96d493dfb02b4ca1b7d9e872ac0e1fc1"),
                reported);
        assertEquals(applied.size(), reported.size());
        assertEquals(Duration.ofMinutes(10), player.elapsed(emulator));
    }

    @Test
    void playUntilCatchesUpAfterOutsideAdvance() throws IOException {
        TimelinePlayer player = TimelinePlayer.setUpScenario(emulator, "observed-case-1", NATIVE_OFF);
        // As the control endpoint does: the clock moves without the player, past the event at 2 minutes.
        emulator.advance(Duration.ofMinutes(3));
        List<String> reported = new ArrayList<>();

        player.playUntil(emulator, player.elapsed(emulator), (elapsed, event) -> reported.add(elapsed + " " + event));

        assertEquals(List.of("PT3M stopContainerInstance containerInstance=fd0fe4a41a9b42b2bf2023b9c421beb2"),
                reported);
        assertEquals(Duration.ofMinutes(3), player.elapsed(emulator), "the clock did not move");
    }

    @Test
    void scenarioWithoutHealthCheckKeepsTasksUnknown(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("no-health-check.yaml");
        Files.writeString(file, """
                name: no-health-check
                cluster: prod
                duration: 10m
                containerInstances:
                  - {id: 0123456789abcdef0123456789abcd0a, availabilityZone: us-east-1a}
                  - {id: 0123456789abcdef0123456789abcd0b, availabilityZone: us-east-1b}
                services:
                  - name: web
                    desiredCount: 2
                    healthCheck: false
                    tasks:
                      - {id: fedcba9876543210fedcba9876543201, containerInstance: 0123456789abcdef0123456789abcd0a}
                """);

        // The scheduler starts the second task. With a health check, both would be HEALTHY within the
        // minute: 15 seconds to start and 30 more to pass it.
        TimelinePlayer.setUpScenario(emulator, file.toString(), NATIVE_OFF).playUntil(emulator, Duration.ofMinutes(1));

        try (EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            ContainerDefinition container = ecs.describeTaskDefinition(r -> r.taskDefinition("web"))
                    .taskDefinition().containerDefinitions().get(0);
            assertNull(container.healthCheck(), container.toString());

            List<String> taskArns = ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns();
            List<Task> tasks = ecs.describeTasks(r -> r.cluster("prod").tasks(taskArns)).tasks();
            assertEquals(2, tasks.size(), tasks.toString());
            for (Task task : tasks) {
                assertEquals("RUNNING", task.lastStatus(), task.toString());
                assertEquals(HealthStatus.UNKNOWN, task.healthStatus(), task.toString());
            }
        }
    }

    @Test
    void serviceUpdateAppliesWithoutRequest() throws IOException {
        TimelinePlayer.setUpScenario(emulator, "observed-case-3",
                new ServiceUpdate(null, false, null, null, 50, 100));

        assertFalse(service().availabilityZoneRebalancing());
        assertEquals(50, service().minimumHealthyPercent());
        assertEquals(100, service().maximumPercent());
        assertEquals(3, service().desiredCount(), "a null field keeps the scenario's value");
        assertEquals(0, emulator.requestLog().size());
    }

    @Test
    void existingClusterIsReused() throws IOException {
        emulator.createCluster("prod");

        TimelinePlayer.setUpScenario(emulator, "observed-case-3", NATIVE_OFF);

        assertEquals(List.of("prod"), emulator.clusterNames());
        assertEquals(Map.of("us-east-1c", 3), emulator.runningTasksPerAvailabilityZone("prod", "web"));
    }

    @Test
    void scenarioFileIsLoaded() throws IOException {
        Path file = Files.createTempFile("scenario", ".yaml");
        try {
            Files.writeString(file, """
                    name: one-zone
                    cluster: staging
                    duration: 5m
                    containerInstances:
                      - {id: 0123456789abcdef0123456789abcdef, availabilityZone: us-east-1a}
                    services:
                      - name: api
                        desiredCount: 1
                        tasks:
                          - {id: fedcba9876543210fedcba9876543210, containerInstance: 0123456789abcdef0123456789abcdef}
                    """);

            TimelinePlayer.setUpScenario(emulator, file.toString(), NATIVE_OFF);

            assertEquals(Map.of("us-east-1a", 1), emulator.runningTasksPerAvailabilityZone("staging", "api"));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void rejectsUnknownScenario() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TimelinePlayer.setUpScenario(emulator, "observed-case-9", NATIVE_OFF));

        assertTrue(error.getMessage().contains("shipped scenarios: [observed-case-1"), error.getMessage());
    }

    @Test
    void rejectsInvalidServiceUpdate() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TimelinePlayer.setUpScenario(emulator, "observed-case-2",
                        new ServiceUpdate(null, false, null, null, 100, 50)));

        assertTrue(error.getMessage().contains("Invalid update of service web in scenario observed-case-2"),
                error.getMessage());
        assertTrue(error.getMessage().contains("maximumPercent must be at least 100, got 50"), error.getMessage());
    }

    @Test
    void playUntilRejectsMissingSetUp() throws IOException {
        TimelinePlayer player = new TimelinePlayer(ScenarioLoader.load("observed-case-2"));

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> player.playUntil(emulator, Duration.ofMinutes(1)));

        assertTrue(error.getMessage().contains("is not set up yet"), error.getMessage());
    }

    @Test
    void playUntilRejectsPastTime() throws IOException {
        TimelinePlayer player = TimelinePlayer.setUpScenario(emulator, "observed-case-2", NATIVE_OFF);
        player.playUntil(emulator, Duration.ofMinutes(2));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> player.playUntil(emulator, Duration.ofMinutes(1)));

        assertTrue(error.getMessage().contains("got PT1M while PT2M have passed"), error.getMessage());
    }

    private List<String> taskIds() {
        return emulator.tasks("prod", "web").stream().map(TaskSnapshot::taskId).toList();
    }

    private Service service() {
        ControlPlane controlPlane = emulator.controlPlane();
        return controlPlane.execute(() -> controlPlane.service(controlPlane.cluster("prod"), "web"));
    }
}
