package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ECS native Availability Zone rebalancing, checked against the examples ECS documents. */
class NativeRebalancingTest {

    private static final Duration DETECTION_DELAY = Duration.ofMinutes(20);

    static Stream<Arguments> documentedExamples() {
        return Stream.of(
                Arguments.of("2 AZs, counts [2,0] -> [1,1]", List.of(2, 0), List.of(1, 1)),
                Arguments.of("2 AZs, counts [3,0] -> [2,1]", List.of(3, 0), List.of(2, 1)),
                Arguments.of("3 AZs, counts [5,0,0] -> [2,2,1]", List.of(5, 0, 0), List.of(2, 2, 1)),
                Arguments.of("3 AZs, counts [3,0,0] -> [1,1,1]", List.of(3, 0, 0), List.of(1, 1, 1)),
                Arguments.of("3 AZs, counts [4,1,0] -> [2,2,1]", List.of(4, 1, 0), List.of(2, 2, 1)),
                Arguments.of("3 AZs, counts [2,2,1] -> unchanged", List.of(2, 2, 1), List.of(2, 2, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedExamples")
    void documentedExample(String scenario, List<Integer> before, List<Integer> after) {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, before, spec -> spec);

            emulator.advance(DETECTION_DELAY.plusMinutes(5));

            assertEquals(counts(after), countsIncludingEmpty(emulator, after.size()), scenario);
        }
    }

    @Test
    void startsTaskInEmptyZoneBeforeStoppingOne() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, List.of(2, 0), spec -> spec);
            emulator.advance(DETECTION_DELAY.minusSeconds(5));

            int lowestRunning = Integer.MAX_VALUE;
            int highestDesiredRunning = 0;
            boolean zoneBRunningWhileZoneAHadTwo = false;
            for (int second = 0; second < 300; second++) {
                emulator.advance(Duration.ofSeconds(1));
                List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE);
                Map<String, Integer> running = emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE);
                lowestRunning = Math.min(lowestRunning, running.values().stream().mapToInt(Integer::intValue).sum());
                highestDesiredRunning = Math.max(highestDesiredRunning,
                        (int) tasks.stream().filter(t -> t.desiredStatus() == TaskStatus.RUNNING).count());
                if (running.getOrDefault("us-east-1b", 0) == 1 && running.getOrDefault("us-east-1a", 0) == 2) {
                    zoneBRunningWhileZoneAHadTwo = true;
                }
            }

            assertTrue(zoneBRunningWhileZoneAHadTwo, "the us-east-1b task ran beside both us-east-1a tasks");
            assertEquals(2, lowestRunning);
            assertEquals(3, highestDesiredRunning);
            assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void waitsForDetectionDelay() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, List.of(2, 0), spec -> spec);

            emulator.advance(DETECTION_DELAY.minusSeconds(2));
            assertEquals(2, emulator.tasks(CLUSTER, SERVICE).size());

            emulator.advance(Duration.ofSeconds(3));
            assertEquals(3, emulator.tasks(CLUSTER, SERVICE).size());
        }
    }

    @Test
    void detectionDelayIsConfigurable() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().nativeRebalancingDetectionDelay(Duration.ofMinutes(2))
                .start()) {
            skewedService(emulator, List.of(2, 0), spec -> spec);

            emulator.advance(Duration.ofMinutes(3));

            assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    static Stream<Arguments> unsupportedConfigurations() {
        return Stream.of(
                Arguments.of("rebalancing DISABLED", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.availabilityZoneRebalancing(false)),
                Arguments.of("maximumPercent 100", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.maximumPercent(100).minimumHealthyPercent(50)),
                Arguments.of("first strategy binpack", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.placementStrategies(List.of(PlacementStrategy.binpack("memory"),
                                PlacementStrategy.spreadAcrossAvailabilityZones()))),
                Arguments.of("first strategy spread by instance", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.placementStrategies(List.of(PlacementStrategy.spreadAcrossInstances()))),
                Arguments.of("Classic Load Balancer", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.classicLoadBalancerName("legacy-elb")),
                Arguments.of("memberOf on the AZ attribute", (UnaryOperator<ServiceSpec.Builder>)
                        spec -> spec.placementConstraints(List.of(PlacementConstraint.memberOf(
                                "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")))));
    }

    @ParameterizedTest(name = "{0} -> nothing moves")
    @MethodSource("unsupportedConfigurations")
    void unsupportedConfigurationDoesNothing(String scenario, UnaryOperator<ServiceSpec.Builder> configure) {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, List.of(2, 0), configure);

            emulator.advance(DETECTION_DELAY.multipliedBy(2));

            assertEquals(Map.of("us-east-1a", 2), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE), scenario);
        }
    }

    @Test
    void daemonServiceIsNotRebalanced() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName(SERVICE).daemon(true).build());

            emulator.advance(DETECTION_DELAY.multipliedBy(2));

            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void protectedSurplusStallsRebalancing() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            List<String> taskIds = skewedService(emulator, List.of(2, 0), spec -> spec);
            ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(taskIds).protectionEnabled(true)
                    .expiresInMinutes(60));

            emulator.advance(DETECTION_DELAY.plusMinutes(10));
            assertEquals(Map.of("us-east-1a", 2), emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
            assertEquals(2, emulator.tasks(CLUSTER, SERVICE).size());
            assertTrue(emulator.serviceEvents(CLUSTER, SERVICE).stream()
                    .anyMatch(e -> e.message().contains("cannot stop tasks that have scale-in protection")));

            ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(taskIds).protectionEnabled(false));
            emulator.advance(Duration.ofMinutes(2));
            assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void maximumPercentLimitsEachRound() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, List.of(4, 0), spec -> spec.maximumPercent(125));
            emulator.advance(DETECTION_DELAY.minusSeconds(5));

            int highestDesiredRunning = 0;
            for (int second = 0; second < 600; second++) {
                emulator.advance(Duration.ofSeconds(1));
                highestDesiredRunning = Math.max(highestDesiredRunning, (int) emulator.tasks(CLUSTER, SERVICE).stream()
                        .filter(t -> t.desiredStatus() == TaskStatus.RUNNING).count());
            }

            assertEquals(5, highestDesiredRunning);
            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 2),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void zoneWithoutInstanceDoesNotCount() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b");
            emulator.createService(CLUSTER, Fixtures.spreadService(3).build());
            Fixtures.awaitSteady(emulator, 3);

            emulator.advance(DETECTION_DELAY.multipliedBy(2));

            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 1),
                    emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        }
    }

    @Test
    void serviceEventsTellTheRebalancingSteps() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start(); EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            skewedService(emulator, List.of(2, 0), spec -> spec);

            emulator.advance(DETECTION_DELAY.plusMinutes(2));

            List<String> messages = new ArrayList<>(ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE))
                    .services().get(0).events().stream().map(ServiceEvent::message).toList());
            Collections.reverse(messages);
            List<String> rebalancing = messages.stream().filter(m -> m.contains("AZ") || m.contains("Rebalance")).toList();
            assertEquals(4, rebalancing.size(), messages.toString());
            assertTrue(rebalancing.get(0).startsWith("service (web) is not AZ balanced with 2 tasks in us-east-1a, "
                    + "0 tasks in us-east-1b"), rebalancing.get(0));
            assertTrue(rebalancing.get(1).startsWith("web has started 1 tasks in us-east-1b to AZ Rebalance"),
                    rebalancing.get(1));
            assertTrue(rebalancing.get(2).startsWith("web has stopped 1 running tasks in us-east-1a due to AZ rebalancing"),
                    rebalancing.get(2));
            assertTrue(rebalancing.get(3).startsWith("service (web) is AZ balanced with 1 tasks in us-east-1a"),
                    rebalancing.get(3));
        }
    }

    @Test
    void deploymentEndsRoundInProgress() {
        try (EcsEmulator emulator = Fixtures.fastEmulator().start()) {
            skewedService(emulator, List.of(2, 0), spec -> spec);
            emulator.advance(DETECTION_DELAY.plusSeconds(2));
            ControlPlane controlPlane = emulator.controlPlane();
            Supplier<RebalancingRound> round = () -> controlPlane.execute(
                    () -> controlPlane.service(controlPlane.cluster(CLUSTER), SERVICE).rebalancingRound());
            boolean roundStarted = round.get() != null;

            emulator.forceNewDeployment(CLUSTER, SERVICE);
            boolean roundAfterDeployment = round.get() != null;
            emulator.advance(Duration.ofMinutes(5));

            assertTrue(roundStarted, "the round had started before the deployment");
            assertFalse(roundAfterDeployment, "the deployment ended the round");
            assertEquals(1, emulator.deployments(CLUSTER, SERVICE).size());
            assertEquals(2, emulator.tasks(CLUSTER, SERVICE).size(), "the round's extra task is gone");
        }
    }

    /**
     * Creates one instance per count (us-east-1a, us-east-1b and so on) and a service whose
     * desired count is the sum. Each zone gets its count of RUNNING tasks. Returns the task IDs.
     */
    private static List<String> skewedService(EcsEmulator emulator, List<Integer> counts,
            UnaryOperator<ServiceSpec.Builder> configure) {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            zones.add("us-east-1" + (char) ('a' + i));
        }
        List<String> instances = Fixtures.clusterWithInstances(emulator, zones.toArray(new String[0]));
        int desired = counts.stream().mapToInt(Integer::intValue).sum();
        emulator.createService(CLUSTER, configure.apply(Fixtures.spreadService(desired)).build());
        List<String> taskIds = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            for (int n = 0; n < counts.get(i); n++) {
                taskIds.add(emulator.placeRunningTask(CLUSTER, SERVICE, instances.get(i), null));
            }
        }
        return taskIds;
    }

    private static Map<String, Integer> counts(List<Integer> perZone) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < perZone.size(); i++) {
            counts.put("us-east-1" + (char) ('a' + i), perZone.get(i));
        }
        return counts;
    }

    private static Map<String, Integer> countsIncludingEmpty(EcsEmulator emulator, int zones) {
        Map<String, Integer> counts = counts(Collections.nCopies(zones, 0));
        counts.putAll(emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE));
        return counts;
    }
}
