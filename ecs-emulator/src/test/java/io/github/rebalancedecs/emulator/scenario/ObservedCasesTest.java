package io.github.rebalancedecs.emulator.scenario;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three recorded cases: native rebalancing must end with the tables operators recorded. */
class ObservedCasesTest {

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @Test
    void case1NativeMovesOneTaskToReturnedZone() throws IOException {
        SimulationResult result = run("observed-case-1", RebalancerMode.NATIVE);

        ServiceOutcome web = result.service("web");
        assertEquals(List.of(
                row("45157257286d4f3981a2ff35001f1a46", "efc73e16e2124f8ebd95afb979fbcaa9", "us-east-1c"),
                row("5d5224ba1cef43b0a63ce88af0c2a912", "96d493dfb02b4ca1b7d9e872ac0e1fc1", "us-east-1a"),
                row("87054724fb1045458d6ac7bbab585649", "39e05f45f51d467ba061e3f23fb2782b", "us-east-1b")),
                web.finalTasks());
        // The stopped us-east-1a instance left two tasks in us-east-1b.
        assertTrue(result.steps().stream().anyMatch(step -> step.tasks().get("web").equals(List.of(
                row("45157257286d4f3981a2ff35001f1a46", "efc73e16e2124f8ebd95afb979fbcaa9", "us-east-1c"),
                row("485d46dc05404411ac615b0813f8ce63", "39e05f45f51d467ba061e3f23fb2782b", "us-east-1b"),
                row("87054724fb1045458d6ac7bbab585649", "39e05f45f51d467ba061e3f23fb2782b", "us-east-1b")))));
        assertEquals(2, web.lowestRunningCount());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(20)) >= 0, web.timeToBalance().toString());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(22)) < 0, web.timeToBalance().toString());
        assertTrue(web.extraTaskMinutes() > 0, "native rebalancing starts a task before it stops one");
    }

    @Test
    void case2NativeStartsBeforeStopping() throws IOException {
        SimulationResult result = run("observed-case-2", RebalancerMode.NATIVE);

        ServiceOutcome web = result.service("web");
        assertEquals(List.of(
                row("6c9096df62cb47058713acd2273d27ef", "fbd9e4f75ffa486ca31a523610e45572", "us-east-1b"),
                row("dbf602f92bbf4c9ba5847b505aad5a55", "0f8741e98ef14fea8a9be97b47dd9314", "us-east-1c"),
                row("e6d1c1c466e441cda44d94c77372bb7e", "96d493dfb02b4ca1b7d9e872ac0e1fc1", "us-east-1a")),
                web.finalTasks());
        assertEquals(3, web.lowestRunningCount());
        // A step shows the new task running beside both us-east-1a tasks: start before stop.
        assertTrue(result.steps().stream().anyMatch(step -> step.tasks().get("web").size() == 4));
    }

    @Test
    void case3NativeStartsTwoTogetherThenStopsTwo() throws IOException {
        SimulationResult result = run("observed-case-3", RebalancerMode.NATIVE);

        ServiceOutcome web = result.service("web");
        assertEquals(List.of(
                row("8878019b21bd4f2ab3d18397a9e84b43", "d3cee28f9fc3461aa28b1276393ea7f5", "us-east-1b"),
                row("9320850d8f104975ab3d4263e3eda958", "a5821139a27c415893594f698e9c130b", "us-east-1a"),
                row("bc2d2be6f4564eee81eccfbdcb957ac3", "138a5de0b5c447a895a1fed88817bba2", "us-east-1c")),
                web.finalTasks());
        assertTrue(result.steps().stream().anyMatch(step -> step.tasks().get("web").size() == 5),
                "both new tasks run beside the three old ones");
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), web.finalTasksPerZone());
    }

    @Test
    void withoutRebalancerSkewStays() throws IOException {
        for (String name : ScenarioLoader.shippedScenarioNames()) {
            ServiceOutcome web = run(name, RebalancerMode.NONE).service("web");

            assertTrue(web.everUnbalanced(), name);
            assertNull(web.timeToBalance(), name);
            assertEquals(0.0, web.extraTaskMinutes(), name);
        }
    }

    @Test
    void fallbackModeRunsPluggedRebalancerThroughSdk() throws IOException {
        ManualRepairRebalancer rebalancer = new ManualRepairRebalancer();

        SimulationResult result = new ScenarioRunner(ScenarioLoader.load("observed-case-1"), RebalancerMode.FALLBACK,
                rebalancer).run(step -> { });

        ServiceOutcome web = result.service("web");
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), web.finalTasksPerZone());
        assertEquals(3, web.desiredCount());
        assertTrue(web.balancedAtEnd());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(15)) < 0, web.timeToBalance().toString());
        assertTrue(result.ecsRequestCount() > 0);
        assertTrue(result.rebalancerErrors().isEmpty(), result.rebalancerErrors().toString());
        assertEquals(9, rebalancer.passes);
    }

    @Test
    void surgeUnbalancedUntilDesiredCountRestored() throws IOException {
        // The manual repair raises the desired count to 4 on the pass at +00:10:00, when the new
        // us-east-1a instance joins, and lowers it back to 3 on the pass at +00:15:00. Tasks
        // 1/2/1 with desired count 4 must not count as balanced.
        SimulationResult result = new ScenarioRunner(ScenarioLoader.load("observed-case-1"), RebalancerMode.FALLBACK,
                new ManualRepairRebalancer()).run(step -> { });

        ServiceOutcome web = result.service("web");
        assertTrue(result.steps().stream().anyMatch(step -> step.tasks().get("web").size() == 4));
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), web.finalTasksPerZone());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(5)) >= 0, web.timeToBalance().toString());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(6)) < 0, web.timeToBalance().toString());
        // One task above the baseline desired count of 3 from about +00:10:00 to +00:15:00.
        assertTrue(web.extraTaskMinutes() > 4.5, Double.toString(web.extraTaskMinutes()));
        assertTrue(web.extraTaskMinutes() < 6, Double.toString(web.extraTaskMinutes()));
    }

    @Test
    void fallbackModeWithoutRebalancerIsRejected() throws IOException {
        Scenario scenario = ScenarioLoader.load("observed-case-1");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ScenarioRunner(scenario, RebalancerMode.FALLBACK, null));

        assertTrue(error.getMessage().contains("needs a SimulatedRebalancer"), error.getMessage());
    }

    @Test
    void failingRebalancerPassRecorded() throws IOException {
        SimulatedRebalancer failing = invocation -> {
            throw new IllegalStateException("boom at " + invocation.now());
        };

        SimulationResult result = new ScenarioRunner(ScenarioLoader.load("observed-case-2"), RebalancerMode.FALLBACK,
                failing).run(step -> { });

        assertEquals(6, result.rebalancerErrors().size());
        assertTrue(result.rebalancerErrors().get(0).contains("boom"), result.rebalancerErrors().get(0));
        assertFalse(result.service("web").balancedAtEnd());
    }

    private static SimulationResult run(String name, RebalancerMode mode) throws IOException {
        return new ScenarioRunner(ScenarioLoader.load(name), mode, null).run(step -> { });
    }

    private static TaskRow row(String taskId, String containerInstanceId, String zone) {
        return new TaskRow(taskId, containerInstanceId, zone);
    }

    /**
     * The operators' old manual repair through the real SDK: when an AZ with an ACTIVE instance
     * has two tasks fewer than another, scale out by one, and on the next pass scale back in.
     * It takes the place of the runtime's rebalancer, which this module cannot depend on.
     */
    private static final class ManualRepairRebalancer implements SimulatedRebalancer {
        int passes;
        boolean scaledOut;

        @Override
        public void run(RebalancerInvocation invocation) {
            passes++;
            try (EcsClient ecs = EcsClient.builder()
                    .endpointOverride(invocation.endpoint())
                    .region(Region.of(invocation.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                String cluster = invocation.clusterName();
                for (String serviceName : invocation.serviceNames()) {
                    Service service = ecs.describeServices(r -> r.cluster(cluster).services(serviceName))
                            .services().get(0);
                    if (scaledOut) {
                        ecs.updateService(r -> r.cluster(cluster).service(serviceName)
                                .desiredCount(service.desiredCount() - 1));
                        scaledOut = false;
                        continue;
                    }
                    if (skew(ecs, cluster, serviceName) > 1) {
                        ecs.updateService(r -> r.cluster(cluster).service(serviceName)
                                .desiredCount(service.desiredCount() + 1));
                        scaledOut = true;
                    }
                }
            }
        }

        private static int skew(EcsClient ecs, String cluster, String serviceName) {
            Map<String, Integer> perZone = new TreeMap<>();
            List<String> instances = ecs.listContainerInstances(r -> r.cluster(cluster).status("ACTIVE"))
                    .containerInstanceArns();
            ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(instances)).containerInstances()
                    .forEach(instance -> instance.attributes().stream()
                            .filter(a -> a.name().equals("ecs.availability-zone"))
                            .forEach(a -> perZone.putIfAbsent(a.value(), 0)));
            List<String> taskArns = ecs.listTasks(r -> r.cluster(cluster).serviceName(serviceName)).taskArns();
            List<Task> tasks = taskArns.isEmpty()
                    ? new ArrayList<>()
                    : ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArns)).tasks();
            tasks.forEach(task -> perZone.merge(task.availabilityZone(), 1, Integer::sum));
            int max = perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int min = perZone.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            return max - min;
        }
    }
}
