package io.github.rebalancedecs.runtime.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The request that an invocation carries, read from its event.
 *
 * <p>Accepted events: an EventBridge schedule ({@code "detail-type": "Scheduled Event"}), an ECS
 * task or container instance state change from EventBridge, and a direct invocation
 * {@code {"action": "plan"}} or {@code {"action": "rebalance"}}, for every configured service or,
 * with {@code "services": ["web"]}, for the services it names. A task state change of another
 * cluster or of a service that is not configured selects no service.
 *
 * @param action       PLAN only reports; REBALANCE may act
 * @param serviceNames the configured services the event concerns
 * @param trigger      what invoked the function, for logs
 */
public record InvocationRequest(Action action, List<String> serviceNames, String trigger) {

    /** The work an invocation may do. */
    public enum Action {
        /** Observe, plan, log and measure; change nothing. */
        PLAN,
        /** Observe, plan and act within the maintenance window. */
        REBALANCE
    }

    public InvocationRequest {
        serviceNames = List.copyOf(serviceNames);
    }

    /**
     * Reads an event.
     *
     * @throws IllegalArgumentException for input that is not one of the accepted events
     */
    public static InvocationRequest parse(InputStream input, String clusterName, List<String> configuredServices)
            throws IOException {
        byte[] bytes = input.readAllBytes();
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Empty event; invoke with {\"action\": \"plan\"} or "
                    + "{\"action\": \"rebalance\"}, or from an EventBridge schedule");
        }
        JsonNode root;
        try {
            root = JsonNode.parser().parse(text);
        } catch (UncheckedIOException | SdkClientException e) {
            throw new IllegalArgumentException("Event is not valid JSON: " + abbreviate(text), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("Event must be a JSON object, got: " + abbreviate(text));
        }
        Map<String, JsonNode> event = root.asObject();

        String action = string(event, "action");
        if (action != null) {
            List<String> services = directServices(event, configuredServices);
            switch (action) {
                case "plan":
                    return new InvocationRequest(Action.PLAN, services, "direct");
                case "rebalance":
                    return new InvocationRequest(Action.REBALANCE, services, "direct");
                default:
                    throw new IllegalArgumentException("action must be \"plan\" or \"rebalance\", got \""
                            + action + "\"");
            }
        }

        String source = string(event, "source");
        String detailType = string(event, "detail-type");
        if ("aws.events".equals(source) || "Scheduled Event".equals(detailType)) {
            return new InvocationRequest(Action.REBALANCE, configuredServices, "schedule");
        }
        if ("aws.ecs".equals(source)) {
            Map<String, JsonNode> detail = event.containsKey("detail") && event.get("detail").isObject()
                    ? event.get("detail").asObject()
                    : Map.of();
            if (!sameCluster(string(detail, "clusterArn"), clusterName)) {
                return new InvocationRequest(Action.REBALANCE, List.of(), String.valueOf(detailType));
            }
            if ("ECS Task State Change".equals(detailType)) {
                String group = string(detail, "group");
                List<String> selected = new ArrayList<>();
                if (group != null && group.startsWith("service:")
                        && configuredServices.contains(group.substring("service:".length()))) {
                    selected.add(group.substring("service:".length()));
                }
                return new InvocationRequest(Action.REBALANCE, selected, detailType);
            }
            if ("ECS Container Instance State Change".equals(detailType)) {
                return new InvocationRequest(Action.REBALANCE, configuredServices, detailType);
            }
        }
        throw new IllegalArgumentException("Unsupported event (source " + source + ", detail-type " + detailType
                + "); expected a schedule, an ECS task or container instance state change, or "
                + "{\"action\": \"plan\"}");
    }

    /**
     * Returns the services that a direct invocation names in {@code "services"}, or every
     * configured service when it names none. A function shared by several services can so plan
     * or rebalance one of them.
     */
    private static List<String> directServices(Map<String, JsonNode> event, List<String> configuredServices) {
        JsonNode services = event.get("services");
        if (services == null || services.isNull()) {
            return configuredServices;
        }
        if (!services.isArray() || services.asArray().isEmpty()) {
            throw new IllegalArgumentException("services must be a non-empty list of service names, for example "
                    + "[\"" + configuredServices.get(0) + "\"], got " + services);
        }
        List<String> selected = new ArrayList<>();
        for (JsonNode service : services.asArray()) {
            String name = service.isString() ? service.asString() : null;
            if (name == null || !configuredServices.contains(name)) {
                throw new IllegalArgumentException("services names " + service + ", which this function does not "
                        + "rebalance; name one of " + configuredServices);
            }
            if (!selected.contains(name)) {
                selected.add(name);
            }
        }
        return selected;
    }

    private static boolean sameCluster(String clusterArn, String clusterName) {
        return clusterArn != null && (clusterArn.equals(clusterName) || clusterArn.endsWith(":cluster/" + clusterName));
    }

    private static String string(Map<String, JsonNode> object, String key) {
        JsonNode node = object.get(key);
        return node != null && node.isString() ? node.asString() : null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
