package io.github.rebalancedecs.emulator.protocol;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON control endpoint, driven over HTTP as another process would. */
class ControlEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private EcsEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = Fixtures.fastEmulator().start();
        Fixtures.clusterWithInstances(emulator, "us-east-1a");
        emulator.createService(CLUSTER, Fixtures.spreadService(2).build());
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void advancesClockAndReportsState() throws Exception {
        var start = emulator.now();

        HttpResponse<String> advanced = send("POST", "/emulator/clock/advance", "{\"seconds\": 60}");
        HttpResponse<String> state = send("GET", "/emulator/state", null);

        assertEquals(200, advanced.statusCode());
        assertEquals(start.plus(Duration.ofMinutes(1)), emulator.now());
        assertTrue(advanced.body().contains(emulator.now().toString()), advanced.body());
        assertTrue(state.body().contains("\"lastStatus\":\"RUNNING\""), state.body());
        assertTrue(state.body().contains("\"availabilityZone\":\"us-east-1a\""), state.body());
    }

    @Test
    void clockAdvanceRunsInstalledAdvancer() throws Exception {
        var start = emulator.now();
        List<Duration> requested = new ArrayList<>();
        emulator.setClockAdvancer(duration -> {
            requested.add(duration);
            emulator.advance(duration);
        });

        HttpResponse<String> advanced = send("POST", "/emulator/clock/advance", "{\"seconds\": 1.5}");

        assertEquals(200, advanced.statusCode());
        assertEquals(List.of(Duration.ofMillis(1500)), requested);
        assertEquals(start.plus(Duration.ofMillis(1500)), emulator.now());
    }

    @Test
    void clockAdvanceRejectsBadSeconds() throws Exception {
        var start = emulator.now();

        HttpResponse<String> negative = send("POST", "/emulator/clock/advance", "{\"seconds\": -60}");
        HttpResponse<String> text = send("POST", "/emulator/clock/advance", "{\"seconds\": \"ten\"}");

        assertEquals(400, negative.statusCode());
        assertTrue(negative.body().contains("seconds must be a number of seconds, 0 or more, got -60"),
                negative.body());
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("got \\\"ten\\\""), text.body());
        assertEquals(start, emulator.now());
    }

    @Test
    void registersDrainsAndStopsInstances() throws Exception {
        HttpResponse<String> registered = send("POST", "/emulator/container-instances",
                "{\"cluster\": \"prod\", \"availabilityZone\": \"us-east-1b\", \"cpu\": 1024}");
        String id = registered.body().replaceAll(".*\"containerInstanceId\":\"([0-9a-f]{32})\".*", "$1");

        send("POST", "/emulator/container-instances/drain", "{\"cluster\": \"prod\", \"containerInstanceId\": \"" + id + "\"}");
        assertEquals(ContainerInstanceStatus.DRAINING, emulator.containerInstances(CLUSTER).get(1).status());

        send("POST", "/emulator/container-instances/activate",
                "{\"cluster\": \"prod\", \"containerInstanceId\": \"" + id + "\"}");
        assertEquals(ContainerInstanceStatus.ACTIVE, emulator.containerInstances(CLUSTER).get(1).status());

        send("POST", "/emulator/container-instances/stop", "{\"cluster\": \"prod\", \"containerInstanceId\": \"" + id + "\"}");
        assertEquals(ContainerInstanceStatus.INACTIVE, emulator.containerInstances(CLUSTER).get(1).status());
        assertEquals(1024, emulator.containerInstances(CLUSTER).get(1).remainingCpu());
    }

    @Test
    void failsAndRestoresZone() throws Exception {
        send("POST", "/emulator/clock/advance", "{\"seconds\": 60}");

        send("POST", "/emulator/availability-zones/fail", "{\"availabilityZone\": \"us-east-1a\"}");
        assertFalse(emulator.containerInstances(CLUSTER).get(0).agentConnected());
        assertTrue(emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE).isEmpty());

        send("POST", "/emulator/availability-zones/restore", "{\"availabilityZone\": \"us-east-1a\"}");
        assertTrue(emulator.containerInstances(CLUSTER).get(0).agentConnected());
    }

    @Test
    void injectsAndClearsFaultsAndListsRequests() throws Exception {
        try (EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            send("POST", "/emulator/faults", "{\"type\": \"throttle\", \"count\": 1, \"operations\": [\"ListTasks\"]}");
            assertThrows(EcsException.class, () -> ecs.listTasks(r -> r.cluster(CLUSTER)));
            ecs.listTasks(r -> r.cluster(CLUSTER));

            send("POST", "/emulator/faults", "{\"type\": \"serverError\", \"rate\": 1.0}");
            assertThrows(EcsException.class, () -> ecs.listTasks(r -> r.cluster(CLUSTER)));
            send("DELETE", "/emulator/faults", null);
            ecs.listTasks(r -> r.cluster(CLUSTER));
        }

        HttpResponse<String> requests = send("GET", "/emulator/requests", null);
        assertTrue(requests.body().contains("\"errorCode\":\"ThrottlingException\""), requests.body());
        assertTrue(requests.body().contains("\"errorCode\":\"ServerException\""), requests.body());
        assertEquals(4, emulator.requestLog().count("ListTasks"));
    }

    @Test
    void registersTaskDefinitionAndStartsDeployments() throws Exception {
        HttpResponse<String> registered = send("POST", "/emulator/task-definitions",
                "{\"family\": \"web\", \"cpu\": 512, \"memory\": 1024, \"hostPorts\": [8080]}");
        HttpResponse<String> deployed = send("POST", "/emulator/deployments",
                "{\"cluster\": \"prod\", \"service\": \"web\", \"taskDefinition\": \"web:2\"}");
        HttpResponse<String> forced = send("POST", "/emulator/deployments", "{\"cluster\": \"prod\", \"service\": \"web\"}");
        HttpResponse<String> badPorts = send("POST", "/emulator/task-definitions",
                "{\"family\": \"web\", \"hostPorts\": [\"http\"]}");

        assertEquals(200, registered.statusCode());
        assertTrue(registered.body().contains("task-definition/web:2"), registered.body());
        assertEquals(200, deployed.statusCode());
        assertEquals(200, forced.statusCode());
        var deployments = emulator.deployments(CLUSTER, SERVICE);
        assertEquals(3, deployments.size());
        assertTrue(forced.body().contains(deployments.get(0).id()), forced.body());
        assertTrue(deployed.body().contains(deployments.get(1).id()), deployed.body());
        assertTrue(deployments.get(0).taskDefinitionArn().endsWith("task-definition/web:2"));
        assertEquals(400, badPorts.statusCode());
        assertTrue(badPorts.body().contains("hostPorts must be a list of port numbers"), badPorts.body());
    }

    @Test
    void registersTaskDefinitionWithoutHealthCheck() throws Exception {
        HttpResponse<String> unchecked = send("POST", "/emulator/task-definitions",
                "{\"family\": \"worker\", \"healthCheck\": false}");
        HttpResponse<String> checked = send("POST", "/emulator/task-definitions", "{\"family\": \"api\"}");
        HttpResponse<String> badFlag = send("POST", "/emulator/task-definitions",
                "{\"family\": \"worker\", \"healthCheck\": \"no\"}");

        assertEquals(200, unchecked.statusCode());
        assertEquals(200, checked.statusCode());
        try (EcsClient ecs = EcsClients.withoutRetries(emulator)) {
            assertNull(ecs.describeTaskDefinition(r -> r.taskDefinition("worker:1")).taskDefinition()
                    .containerDefinitions().get(0).healthCheck());
            assertNotNull(ecs.describeTaskDefinition(r -> r.taskDefinition("api:1")).taskDefinition()
                    .containerDefinitions().get(0).healthCheck());
        }
        assertEquals(400, badFlag.statusCode());
        assertTrue(badFlag.body().contains("healthCheck must be true or false, got \\\"no\\\""), badFlag.body());
    }

    @Test
    void badControlRequestsExplainTheFix() throws Exception {
        HttpResponse<String> missing = send("POST", "/emulator/clock/advance", "{}");
        HttpResponse<String> unknownFault = send("POST", "/emulator/faults", "{\"type\": \"meteor\"}");
        HttpResponse<String> unknownRoute = send("GET", "/emulator/nothing", null);

        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("needs the member seconds"), missing.body());
        assertEquals(400, unknownFault.statusCode());
        assertTrue(unknownFault.body().contains("got meteor"), unknownFault.body());
        assertEquals(404, unknownRoute.statusCode());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
