package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.rebalancedecs.emulator.ContainerInstanceSnapshot;
import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Faults;
import io.github.rebalancedecs.emulator.RecordedRequest;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.engine.EcsApiException;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON control endpoint for processes that cannot use the Java API, outside the ECS
 * protocol. Requests and responses are JSON; errors are HTTP 400 with {@code {"message": ...}}.
 *
 * <table>
 *   <caption>Control requests</caption>
 *   <tr><th>Request</th><th>Body</th></tr>
 *   <tr><td>{@code GET /emulator/state}</td><td>none; returns the clock, instances and tasks</td></tr>
 *   <tr><td>{@code GET /emulator/requests}</td><td>none; returns the request log</td></tr>
 *   <tr><td>{@code POST /emulator/clock/advance}</td><td>{@code {"seconds": 60}}; runs the clock advancer that
 *       {@link EcsEmulator#setClockAdvancer} sets, by default a plain advance</td></tr>
 *   <tr><td>{@code POST /emulator/container-instances}</td>
 *       <td>{@code {"cluster": "prod", "availabilityZone": "us-east-1a", "cpu": 2048, "memory": 4096}}</td></tr>
 *   <tr><td>{@code POST /emulator/container-instances/drain}, {@code /activate}, {@code /stop}</td>
 *       <td>{@code {"cluster": "prod", "containerInstanceId": "..."}}</td></tr>
 *   <tr><td>{@code POST /emulator/task-definitions}</td>
 *       <td>{@code {"family": "web", "cpu": 512, "memory": 1024, "hostPorts": [8080], "healthCheck": false}};
 *       registers the next revision and returns {@code taskDefinitionArn}; {@code healthCheck}
 *       defaults to true</td></tr>
 *   <tr><td>{@code POST /emulator/deployments}</td>
 *       <td>{@code {"cluster": "prod", "service": "web", "taskDefinition": "web:2"}}; without
 *       {@code taskDefinition} it redeploys the current one; returns {@code deploymentId}</td></tr>
 *   <tr><td>{@code POST /emulator/availability-zones/fail}, {@code /restore}</td>
 *       <td>{@code {"availabilityZone": "us-east-1a"}}</td></tr>
 *   <tr><td>{@code POST /emulator/faults}</td>
 *       <td>{@code {"type": "throttle", "rate": 0.5, "operations": ["ListTasks"]}}; types: throttle,
 *       serverError, serviceUnavailable (with rate or count), failTaskStarts, slowTaskStarts (with
 *       availabilityZone, and extraSeconds for slow starts)</td></tr>
 *   <tr><td>{@code DELETE /emulator/faults}</td><td>none; removes every fault</td></tr>
 * </table>
 */
final class ControlEndpointHandler implements HttpHandler {

    static final String PATH_PREFIX = "/emulator/";

    private final EcsEmulator emulator;
    private final ObjectMapper mapper;

    ControlEndpointHandler(EcsEmulator emulator, ObjectMapper mapper) {
        this.emulator = emulator;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            String body = EcsProtocolHandler.readBody(exchange.getRequestBody());
            try {
                JsonNode request = body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
                JsonNode response = route(route, request);
                if (response == null) {
                    send(exchange, 404, message("No control request " + route + "; see the ControlEndpointHandler "
                            + "Javadoc for the list."));
                } else {
                    send(exchange, 200, response);
                }
            } catch (JsonProcessingException e) {
                send(exchange, 400, message("The body is not valid JSON: " + e.getOriginalMessage()));
            } catch (IllegalArgumentException | IllegalStateException | EcsApiException e) {
                send(exchange, 400, message(e.getMessage()));
            }
        }
    }

    private JsonNode route(String route, JsonNode request) {
        switch (route) {
            case "GET /emulator/state":
                return state();
            case "GET /emulator/requests":
                return requests();
            case "POST /emulator/clock/advance":
                emulator.clockAdvancer().accept(advanceDuration(request));
                return now();
            case "POST /emulator/container-instances":
                ContainerInstanceSpec.Builder spec = ContainerInstanceSpec.builder()
                        .availabilityZone(text(request, "availabilityZone"));
                if (request.has("cpu")) {
                    spec.cpu(request.get("cpu").asInt());
                }
                if (request.has("memory")) {
                    spec.memory(request.get("memory").asInt());
                }
                if (request.has("containerInstanceId")) {
                    spec.containerInstanceId(request.get("containerInstanceId").asText());
                }
                String id = emulator.registerContainerInstance(text(request, "cluster"), spec.build());
                return mapper.createObjectNode().put("containerInstanceId", id);
            case "POST /emulator/container-instances/drain":
                emulator.drainContainerInstance(text(request, "cluster"), text(request, "containerInstanceId"));
                return now();
            case "POST /emulator/container-instances/activate":
                emulator.activateContainerInstance(text(request, "cluster"), text(request, "containerInstanceId"));
                return now();
            case "POST /emulator/container-instances/stop":
                emulator.stopContainerInstance(text(request, "cluster"), text(request, "containerInstanceId"));
                return now();
            case "POST /emulator/task-definitions":
                return registerTaskDefinition(request);
            case "POST /emulator/deployments":
                String deploymentId = request.hasNonNull("taskDefinition")
                        ? emulator.startDeployment(text(request, "cluster"), text(request, "service"),
                                text(request, "taskDefinition"))
                        : emulator.forceNewDeployment(text(request, "cluster"), text(request, "service"));
                return mapper.createObjectNode().put("deploymentId", deploymentId);
            case "POST /emulator/availability-zones/fail":
                emulator.failAvailabilityZone(text(request, "availabilityZone"));
                return now();
            case "POST /emulator/availability-zones/restore":
                emulator.restoreAvailabilityZone(text(request, "availabilityZone"));
                return now();
            case "POST /emulator/faults":
                addFault(request);
                return now();
            case "DELETE /emulator/faults":
                emulator.faults().clear();
                return now();
            default:
                return null;
        }
    }

    private static Duration advanceDuration(JsonNode request) {
        JsonNode seconds = required(request, "seconds");
        if (!seconds.isNumber() || seconds.asDouble() < 0) {
            throw new IllegalArgumentException("seconds must be a number of seconds, 0 or more, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds.asDouble() * 1000));
    }

    private ObjectNode registerTaskDefinition(JsonNode request) {
        TaskDefinitionSpec.Builder spec = TaskDefinitionSpec.builder().family(text(request, "family"));
        if (request.has("cpu")) {
            spec.cpu(request.get("cpu").asInt());
        }
        if (request.has("memory")) {
            spec.memory(request.get("memory").asInt());
        }
        List<Integer> hostPorts = new ArrayList<>();
        JsonNode ports = request.path("hostPorts");
        for (JsonNode port : ports) {
            if (!port.canConvertToInt() || !port.isIntegralNumber()) {
                throw new IllegalArgumentException("hostPorts must be a list of port numbers, got " + ports);
            }
            hostPorts.add(port.asInt());
        }
        if (request.has("healthCheck")) {
            JsonNode healthCheck = request.get("healthCheck");
            if (!healthCheck.isBoolean()) {
                throw new IllegalArgumentException("healthCheck must be true or false, got " + healthCheck);
            }
            spec.healthCheck(healthCheck.booleanValue());
        }
        String arn = emulator.registerTaskDefinition(spec.hostPorts(hostPorts).build());
        return mapper.createObjectNode().put("taskDefinitionArn", arn);
    }

    private void addFault(JsonNode request) {
        String type = text(request, "type");
        Faults faults = emulator.faults();
        String[] operations = strings(request, "operations");
        switch (type) {
            case "throttle", "serverError", "serviceUnavailable" -> {
                if (request.has("count")) {
                    int count = request.get("count").asInt();
                    switch (type) {
                        case "throttle" -> faults.throttleNext(count, operations);
                        case "serverError" -> faults.serverErrorsNext(count, operations);
                        default -> throw new IllegalArgumentException(
                                "serviceUnavailable takes a rate, not a count");
                    }
                } else {
                    double rate = required(request, "rate").asDouble();
                    switch (type) {
                        case "throttle" -> faults.throttle(rate, operations);
                        case "serverError" -> faults.serverErrors(rate, operations);
                        default -> faults.serviceUnavailable(rate, operations);
                    }
                }
            }
            case "failTaskStarts" -> faults.failTaskStarts(text(request, "availabilityZone"));
            case "slowTaskStarts" -> faults.slowTaskStarts(text(request, "availabilityZone"),
                    Duration.ofSeconds(required(request, "extraSeconds").asLong()));
            default -> throw new IllegalArgumentException("Fault type must be throttle, serverError, "
                    + "serviceUnavailable, failTaskStarts or slowTaskStarts, got " + type);
        }
    }

    private ObjectNode state() {
        ObjectNode state = now();
        ArrayNode clusters = state.putArray("clusters");
        for (String clusterName : emulator.clusterNames()) {
            ObjectNode cluster = clusters.addObject();
            cluster.put("clusterName", clusterName);
            ArrayNode instances = cluster.putArray("containerInstances");
            for (ContainerInstanceSnapshot instance : emulator.containerInstances(clusterName)) {
                instances.add(mapper.valueToTree(instance));
            }
            ArrayNode tasks = cluster.putArray("tasks");
            for (TaskSnapshot task : emulator.allTasks(clusterName)) {
                ObjectNode taskNode = tasks.addObject();
                taskNode.put("taskId", task.taskId());
                taskNode.put("serviceName", task.serviceName());
                taskNode.put("containerInstanceId", task.containerInstanceId());
                taskNode.put("availabilityZone", task.availabilityZone());
                taskNode.put("lastStatus", task.lastStatus().name());
                taskNode.put("desiredStatus", task.desiredStatus().name());
                taskNode.put("healthStatus", task.healthStatus().name());
            }
        }
        return state;
    }

    private ObjectNode requests() {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode requests = response.putArray("requests");
        for (RecordedRequest request : emulator.requestLog().requests()) {
            ObjectNode node = requests.addObject();
            node.put("sequence", request.sequence());
            node.put("virtualTime", request.virtualTime().toString());
            node.put("operation", request.operation());
            node.put("httpStatus", request.httpStatus());
            node.put("errorCode", request.errorCode());
        }
        return response;
    }

    private ObjectNode now() {
        return mapper.createObjectNode().put("now", emulator.now().toString());
    }

    private ObjectNode message(String message) {
        return mapper.createObjectNode().put("message", message);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    private static JsonNode required(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("The control request needs the member " + member);
        }
        return value;
    }

    private static String text(JsonNode request, String member) {
        return required(request, member).asText();
    }

    private static String[] strings(JsonNode request, String member) {
        List<String> values = new ArrayList<>();
        JsonNode array = request.get(member);
        if (array != null && array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values.toArray(new String[0]);
    }
}
