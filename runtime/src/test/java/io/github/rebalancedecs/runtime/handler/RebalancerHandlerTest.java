package io.github.rebalancedecs.runtime.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class RebalancerHandlerTest {

    private static final long FIFTEEN_MINUTES = Duration.ofMinutes(15).toMillis();

    private EmulatorTestbed testbed;
    private final List<String> metricLines = new ArrayList<>();

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    private RebalancerHandler handler(Map<String, String> extraEnvironment, String services) {
        Map<String, String> environment = new HashMap<>();
        environment.put(RebalancerConfig.REGION, "us-east-1");
        environment.put(RebalancerConfig.CLUSTER_NAME, EmulatorTestbed.CLUSTER);
        environment.put(RebalancerConfig.SERVICE_NAMES, services);
        environment.put(RebalancerConfig.ECS_ENDPOINT, testbed.emulator().endpoint().toString());
        environment.put(RebalancerConfig.POLL_INTERVAL_SECONDS, "5");
        environment.put(RebalancerConfig.COOLDOWN_MINUTES, "0");
        environment.putAll(extraEnvironment);
        RebalancerConfig config = RebalancerConfig.fromEnvironment(environment);
        // Each pause advances the emulator's virtual clock instead of sleeping.
        return new RebalancerHandler(config, testbed.ecs(), testbed.taskDefinitions(), testbed.clock(),
                duration -> testbed.emulator().advance(duration), metricLines::add);
    }

    private static JsonNode invoke(RebalancerHandler handler, String event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new StandaloneContext("test-request", (int) FIFTEEN_MINUTES));
        return JsonNode.parser().parse(output.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode firstService(JsonNode report) {
        return report.field("services").orElseThrow().asArray().get(0);
    }

    @Test
    void planActionReportsMovesAndChangesNothing() throws IOException {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);

        JsonNode report = invoke(handler(Map.of(), "web"), "{\"action\": \"plan\"}");

        JsonNode service = firstService(report);
        assertEquals("PLAN", report.field("action").orElseThrow().asString());
        assertEquals("PLANNED", service.field("outcome").orElseThrow().asString());
        assertEquals("2", service.field("movesPlanned").orElseThrow().asNumber());
        assertEquals("3", service.field("skew").orElseThrow().asNumber());
        assertEquals(0, testbed.emulator().requestLog().count("UpdateService"));
        assertEquals(Map.of("us-east-1c", 3), testbed.tasksPerAz("web"));
    }

    @Test
    void scheduledEventBalancesObservedCase() throws IOException {
        ObservedCases.instanceReplaced(testbed, 100, 200);

        JsonNode report = invoke(handler(Map.of(), "web"),
                "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}");

        JsonNode service = firstService(report);
        assertEquals("COMPLETED", service.field("outcome").orElseThrow().asString(), service.toString());
        assertEquals("1", service.field("movesCompleted").orElseThrow().asNumber());
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), testbed.tasksPerAz("web"));
    }

    @Test
    void writesMetricsForEveryZone() throws IOException {
        ObservedCases.instanceReplaced(testbed, 100, 200);

        invoke(handler(Map.of(), "web"), "{\"action\": \"rebalance\"}");

        assertEquals(4, metricLines.size(), metricLines.toString());
        JsonNode serviceMetrics = JsonNode.parser().parse(metricLines.get(0));
        assertEquals("0", serviceMetrics.field("AzSkew").orElseThrow().asNumber());
        assertEquals("1", serviceMetrics.field("RebalanceMovesPlanned").orElseThrow().asNumber());
        assertEquals("1", serviceMetrics.field("RebalanceMovesCompleted").orElseThrow().asNumber());
        assertEquals("0", serviceMetrics.field("RebalanceRollbacks").orElseThrow().asNumber());
        JsonNode zoneMetrics = JsonNode.parser().parse(metricLines.get(1));
        assertEquals("us-east-1a", zoneMetrics.field("AvailabilityZone").orElseThrow().asString());
        assertEquals("1", zoneMetrics.field("TasksPerAz").orElseThrow().asNumber());
    }

    @Test
    void closedMaintenanceWindowOnlyReports() throws IOException {
        ObservedCases.instanceReplaced(testbed, 100, 200);
        // The emulator's clock starts on Monday 2026-01-05 at 09:00 UTC.
        RebalancerHandler handler = handler(Map.of(RebalancerConfig.MAINTENANCE_WINDOW, "Sat,Sun 00:00-06:00"), "web");

        JsonNode report = invoke(handler, "{\"action\": \"rebalance\"}");

        assertEquals("false", report.field("maintenanceWindowOpen").orElseThrow().toString());
        assertEquals("PLANNED", firstService(report).field("outcome").orElseThrow().asString());
        assertEquals(0, testbed.emulator().requestLog().count("UpdateService"));
        JsonNode serviceMetrics = JsonNode.parser().parse(metricLines.get(0));
        assertEquals("1", serviceMetrics.field("RebalanceSkipped").orElseThrow().asNumber());
    }

    @Test
    void taskEventOfAnotherServiceSelectsNothing() throws IOException {
        ObservedCases.instanceReplaced(testbed, 100, 200);

        JsonNode report = invoke(handler(Map.of(), "web"), "{\"source\": \"aws.ecs\", \"detail-type\": "
                + "\"ECS Task State Change\", \"detail\": {\"clusterArn\": "
                + "\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\", \"group\": \"service:batch\"}}");

        assertEquals(0, report.field("services").orElseThrow().asArray().size());
        assertEquals(0, testbed.emulator().requestLog().count("DescribeServices"));
    }

    @Test
    void unsupportedActionIsRejected() {
        RebalancerHandler handler = handler(Map.of(), "web");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> invoke(handler, "{\"action\": \"move\"}"));

        assertTrue(error.getMessage().contains("\"move\""), error.getMessage());
    }

    @Test
    void balancesTwelveServices() throws IOException {
        List<String> instances = new ArrayList<>();
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            for (int i = 0; i < 2; i++) {
                instances.add(testbed.instance(null, zone, 16384, 65536));
            }
        }
        List<String> names = new ArrayList<>();
        for (int s = 1; s <= 11; s++) {
            String name = String.format("svc-%02d", s);
            names.add(name);
            createService(name, 4);
            placeTasks(name, instances.get(0), 3);
            placeTasks(name, instances.get(2), 1);
        }
        // 105 tasks: more than one DescribeTasks batch of 100.
        createService("big", 105);
        names.add("big");
        placeTasks("big", instances.get(0), 30);
        placeTasks("big", instances.get(1), 30);
        placeTasks("big", instances.get(2), 45);
        RebalancerHandler handler = handler(Map.of(RebalancerConfig.MAX_SURGE, "40",
                RebalancerConfig.MAX_MOVES_PER_RUN, "40"), String.join(",", names));

        JsonNode report = invoke(handler, "{\"action\": \"rebalance\"}");

        List<JsonNode> services = report.field("services").orElseThrow().asArray();
        assertEquals(12, services.size());
        for (JsonNode service : services) {
            assertEquals("COMPLETED", service.field("outcome").orElseThrow().asString(), service.toString());
        }
        assertEquals(Map.of("us-east-1a", 35, "us-east-1b", 35, "us-east-1c", 35), testbed.tasksPerAz("big"));
        for (int s = 1; s <= 11; s++) {
            Map<String, Integer> counts = testbed.tasksPerAz(String.format("svc-%02d", s));
            assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 1, "us-east-1c", 1), counts);
        }
    }

    private void createService(String name, int desiredCount) {
        testbed.service(ServiceSpec.builder().serviceName(name).desiredCount(desiredCount).taskCpu(256)
                .taskMemory(512).placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones(),
                        PlacementStrategy.spreadAcrossInstances())));
    }

    private void placeTasks(String service, String instanceId, int count) {
        for (int i = 0; i < count; i++) {
            testbed.runningTask(service, instanceId, null);
        }
    }
}
