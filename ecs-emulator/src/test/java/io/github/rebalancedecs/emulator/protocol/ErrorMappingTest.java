package io.github.rebalancedecs.emulator.protocol;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that the SDK maps the emulator's error responses to the exception classes ECS callers catch. */
class ErrorMappingTest {

    private EcsEmulator emulator;
    private EcsClient ecs;

    @BeforeEach
    void startEmulator() {
        emulator = Fixtures.fastEmulator().start();
        ecs = EcsClients.withoutRetries(emulator);
        Fixtures.clusterWithInstances(emulator, "us-east-1a");
        emulator.createService(CLUSTER, Fixtures.spreadService(1).build());
    }

    @AfterEach
    void stopEmulator() {
        ecs.close();
        emulator.close();
    }

    @Test
    void unknownClusterThrowsClusterNotFound() {
        ClusterNotFoundException error = assertThrows(ClusterNotFoundException.class,
                () -> ecs.listTasks(r -> r.cluster("ghost")));

        assertEquals("Cluster not found.", error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    @Test
    void unknownServiceThrowsServiceNotFound() {
        ServiceNotFoundException error = assertThrows(ServiceNotFoundException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service("ghost").desiredCount(1)));

        assertTrue(error.getMessage().contains("Service not found."), error.getMessage());
    }

    @Test
    void validationThrowsInvalidParameter() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(-1)));

        assertTrue(error.getMessage().contains("desiredCount must be at least 0, got -1"), error.getMessage());
    }

    @Test
    void throttlingMapsToEcsException() {
        emulator.faults().throttleNext(1, "DescribeServices");

        EcsException error = assertThrows(EcsException.class,
                () -> ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)));

        assertEquals("ThrottlingException", error.awsErrorDetails().errorCode());
        assertTrue(error.isThrottlingException());
        assertEquals("Rate exceeded", error.awsErrorDetails().errorMessage());
    }

    @Test
    void serverErrorThrowsServerException() {
        emulator.faults().serverErrorsNext(1, "ListTasks");

        ServerException error = assertThrows(ServerException.class, () -> ecs.listTasks(r -> r.cluster(CLUSTER)));

        assertEquals(500, error.statusCode());
    }

    @Test
    void serviceUnavailableIsA503() {
        emulator.faults().serviceUnavailable(1.0, "ListTasks");

        EcsException error = assertThrows(EcsException.class, () -> ecs.listTasks(r -> r.cluster(CLUSTER)));

        assertEquals(503, error.statusCode());
        assertEquals("ServiceUnavailableException", error.awsErrorDetails().errorCode());
    }

    @Test
    void sdkRetriesThrottlingAndSucceeds() {
        emulator.faults().throttleNext(2, "ListTasks");

        try (EcsClient retrying = EcsClients.withStandardRetries(emulator)) {
            retrying.listTasks(r -> r.cluster(CLUSTER));
        }

        assertEquals(3, emulator.requestLog().count("ListTasks"));
        assertEquals("ThrottlingException", emulator.requestLog().requests("ListTasks").get(0).errorCode());
        assertTrue(emulator.requestLog().requests("ListTasks").get(2).succeeded());
    }

    @Test
    void throttleRateAppliesOnlyToChosenOperations() {
        emulator.faults().throttle(1.0, "DescribeTasks");

        ecs.listTasks(r -> r.cluster(CLUSTER));

        assertThrows(EcsException.class, () -> ecs.describeTasks(r -> r.cluster(CLUSTER).tasks("a")));
        emulator.faults().clear();
        ecs.describeTasks(r -> r.cluster(CLUSTER).tasks("a"));
    }

    @Test
    void partialThrottleRateIsSeeded() {
        int first = countThrottled(0.5);
        int second = countThrottled(0.5);

        assertEquals(first, second);
        assertTrue(first > 0, "throttled " + first + " of 40");
        assertTrue(first < 40, "throttled " + first + " of 40");
    }

    @Test
    void unsupportedOperationThrowsUnsupportedFeature() {
        UnsupportedFeatureException error = assertThrows(UnsupportedFeatureException.class,
                () -> ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition("web:1")));

        assertTrue(error.getMessage().contains("does not support the operation RunTask"), error.getMessage());
        assertTrue(error.getMessage().contains("DescribeServices"), error.getMessage());
    }

    @Test
    void requestWithoutTargetGetsUnknownOperation() throws Exception {
        HttpResponse<String> response = post(null, "{}");

        assertEquals(400, response.statusCode());
        assertEquals("UnknownOperationException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(response.body().contains("\"__type\":\"UnknownOperationException\""), response.body());
    }

    @Test
    void malformedJsonGetsSerializationException() throws Exception {
        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.ListTasks", "{not json");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("SerializationException"), response.body());
    }

    @Test
    void wrongMemberTypeGetsInvalidParameter() throws Exception {
        HttpResponse<String> response = post("AmazonEC2ContainerServiceV20141113.ListTasks", "{\"cluster\": \"prod\", \"maxResults\": \"ten\"}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("maxResults must be an integer"), response.body());
    }

    private int countThrottled(double rate) {
        try (EcsEmulator seeded = Fixtures.fastEmulator().seed(99).start();
             EcsClient client = EcsClients.withoutRetries(seeded)) {
            seeded.createCluster(CLUSTER);
            seeded.faults().throttle(rate, "ListTasks");
            int throttled = 0;
            for (int i = 0; i < 40; i++) {
                try {
                    client.listTasks(r -> r.cluster(CLUSTER));
                } catch (EcsException e) {
                    throttled++;
                }
            }
            return throttled;
        }
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
