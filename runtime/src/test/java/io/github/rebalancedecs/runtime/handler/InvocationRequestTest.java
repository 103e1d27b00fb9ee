package io.github.rebalancedecs.runtime.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.handler.InvocationRequest.Action;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationRequestTest {

    private static final List<String> SERVICES = List.of("web", "api");

    private static InvocationRequest parse(String event) throws IOException {
        return InvocationRequest.parse(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), "prod",
                SERVICES);
    }

    @Test
    void directPlan() throws IOException {
        InvocationRequest request = parse("{\"action\": \"plan\"}");

        assertEquals(Action.PLAN, request.action());
        assertEquals(SERVICES, request.serviceNames());
    }

    @Test
    void directRebalanceOfNamedService() throws IOException {
        InvocationRequest request = parse("{\"action\": \"rebalance\", \"services\": [\"api\", \"api\"]}");

        assertEquals(Action.REBALANCE, request.action());
        assertEquals(List.of("api"), request.serviceNames());
    }

    @Test
    void directPlanOfUnknownServiceFails() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"action\": \"plan\", \"services\": [\"web\", \"billing\"]}"));

        assertTrue(error.getMessage().contains("\"billing\""), error.getMessage());
        assertTrue(error.getMessage().contains("[web, api]"), error.getMessage());
    }

    @Test
    void directServicesMustBeList() {
        for (String services : List.of("\"web\"", "[]", "[1]")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> parse("{\"action\": \"plan\", \"services\": " + services + "}"), services);

            assertTrue(error.getMessage().startsWith("services "), error.getMessage());
        }
    }

    @Test
    void scheduledEvent() throws IOException {
        InvocationRequest request = parse("{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\", "
                + "\"detail\": {}}");

        assertEquals(Action.REBALANCE, request.action());
        assertEquals("schedule", request.trigger());
    }

    @Test
    void taskStateChangeSelectsItsService() throws IOException {
        InvocationRequest request = parse("{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Task State Change\", "
                + "\"detail\": {\"clusterArn\": \"arn:aws:ecs:us-east-1:123456789012:cluster/prod\", "
                + "\"group\": \"service:api\"}}");

        assertEquals(List.of("api"), request.serviceNames());
    }

    @Test
    void containerInstanceChangeSelectsEveryService() throws IOException {
        InvocationRequest request = parse("{\"source\": \"aws.ecs\", \"detail-type\": "
                + "\"ECS Container Instance State Change\", \"detail\": {\"clusterArn\": "
                + "\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\"}}");

        assertEquals(SERVICES, request.serviceNames());
    }

    @Test
    void eventOfAnotherClusterSelectsNothing() throws IOException {
        InvocationRequest request = parse("{\"source\": \"aws.ecs\", \"detail-type\": "
                + "\"ECS Container Instance State Change\", \"detail\": {\"clusterArn\": "
                + "\"arn:aws:ecs:us-east-1:123456789012:cluster/staging\"}}");

        assertTrue(request.serviceNames().isEmpty());
    }

    @Test
    void invalidJsonIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse("{action"));

        assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
    }

    @Test
    void emptyEventIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse(" "));

        assertTrue(error.getMessage().contains("Empty event"), error.getMessage());
    }

    @Test
    void unknownEventIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"source\": \"aws.s3\"}"));

        assertTrue(error.getMessage().contains("Unsupported event (source aws.s3"), error.getMessage());
    }
}
