package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.engine.ClusterQuery;
import io.github.rebalancedecs.emulator.engine.EcsApiException;
import io.github.rebalancedecs.emulator.scenario.Scenario.InitialTask;
import io.github.rebalancedecs.emulator.scenario.Scenario.ScenarioService;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads scenario files in YAML or JSON (JSON is read as YAML's flow style).
 *
 * <p>Every error names the member's path and the fix, for example
 * {@code services[0].desiredCount must be an integer, got 'three'}. Unknown members are
 * rejected, so a misspelt key does not silently fall back to a default.
 *
 * <pre>{@code
 * name: two-tasks-one-zone
 * description: Two tasks in one AZ; native rebalancing moves one.
 * cluster: prod
 * duration: 40m
 * settings:                       # all optional
 *   seed: 7
 *   taskStartDuration: 15s
 *   healthCheckDuration: 30s
 *   taskStopDuration: 10s
 *   nativeRebalancingDetectionDelay: 20m
 *   tickInterval: 1s
 * containerInstances:
 *   - id: 0123456789abcdef0123456789abcdef   # optional
 *     availabilityZone: us-east-1a
 *     cpu: 2048                              # optional
 *     memory: 4096                           # optional
 * services:
 *   - name: web
 *     desiredCount: 2
 *     taskCpu: 256
 *     taskMemory: 512
 *     hostPorts: [8080]
 *     healthCheck: true                      # optional; false for no container health check
 *     placementStrategies:
 *       - {type: spread, field: "attribute:ecs.availability-zone"}
 *     placementConstraints: []
 *     minimumHealthyPercent: 100
 *     maximumPercent: 200
 *     schedulingStrategy: REPLICA
 *     classicLoadBalancerName: legacy-elb    # optional
 *     tasks:
 *       - {id: 0123456789abcdef0123456789abcd01, containerInstance: 0123456789abcdef0123456789abcdef}
 *     nextTaskIds: [0123456789abcdef0123456789abcd02]
 * timeline:
 *   - {at: 5m, action: stopContainerInstance, containerInstance: 0123456789abcdef0123456789abcdef}
 * }</pre>
 */
public final class ScenarioLoader {

    /** The classpath folder of the scenarios shipped with the emulator. */
    public static final String RESOURCE_FOLDER = "scenarios/";

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private ScenarioLoader() {
    }

    /**
     * Loads a scenario from a file path, or else from the shipped scenario of that name (for
     * example {@code observed-case-1}).
     */
    public static Scenario load(String fileOrName) throws IOException {
        Path path = Path.of(fileOrName);
        if (Files.isRegularFile(path)) {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        }
        String resource = RESOURCE_FOLDER + (fileOrName.endsWith(".yaml") ? fileOrName : fileOrName + ".yaml");
        try (InputStream input = ScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalArgumentException("No scenario file " + fileOrName + " and no shipped scenario of that "
                        + "name; shipped scenarios: " + shippedScenarioNames());
            }
            return parse(new String(input.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
        }
    }

    /** Returns the names of the scenarios shipped as resources. */
    public static List<String> shippedScenarioNames() {
        return List.of("observed-case-1", "observed-case-2", "observed-case-3");
    }

    /**
     * Parses scenario text.
     *
     * @param source names the text in error messages, for example the file path
     */
    public static Scenario parse(String text, String source) {
        Object root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException | IOException e) {
            throw new IllegalArgumentException("Scenario " + source + " is not valid YAML or JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Scenario " + source + " must be a mapping with name, cluster, duration, "
                    + "containerInstances, services and timeline");
        }
        try {
            return parseScenario(new Node((Map<?, ?>) root, ""));
        } catch (IllegalArgumentException | EcsApiException e) {
            throw new IllegalArgumentException("Scenario " + source + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code 20m}, {@code 90s}, {@code 1h30m}, ISO-8601 {@code PT20M}, or a number of seconds. */
    public static Duration parseDuration(String text, String path) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(path + " must be a duration such as 20m, 90s or PT20M, got '" + text + "'");
            }
        }
        Matcher matcher = DURATION.matcher(value);
        if (value.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException(path + " must be a duration such as 20m, 90s or 1h30m, got '" + text + "'");
        }
        long seconds = 0;
        seconds += matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1)) * 3600;
        seconds += matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)) * 60;
        seconds += matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3));
        return Duration.ofSeconds(seconds);
    }

    private static Scenario parseScenario(Node root) {
        root.allowOnly("name", "description", "cluster", "duration", "settings", "containerInstances", "services",
                "timeline");
        String name = root.requiredString("name");
        String description = root.optionalString("description", "");
        String cluster = root.optionalString("cluster", "default");
        Duration duration = root.requiredDuration("duration");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        EmulatorSettings settings = parseSettings(root.optionalNode("settings"));

        List<ContainerInstanceSpec> instances = new ArrayList<>();
        for (Node node : root.nodeList("containerInstances")) {
            instances.add(parseContainerInstance(node));
        }
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("containerInstances must list at least one container instance");
        }
        List<ScenarioService> services = new ArrayList<>();
        for (Node node : root.nodeList("services")) {
            services.add(parseService(node));
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException("services must list at least one service");
        }
        List<TimelineEvent> timeline = new ArrayList<>();
        for (Node node : root.nodeList("timeline")) {
            timeline.add(parseEvent(node));
        }
        return new Scenario(name, description, settings, cluster, duration, instances, services, timeline);
    }

    private static EmulatorSettings parseSettings(Node node) {
        EmulatorSettings defaults = EmulatorSettings.defaults();
        if (node == null) {
            return defaults;
        }
        node.allowOnly("seed", "region", "taskStartDuration", "healthCheckDuration", "taskStopDuration",
                "nativeRebalancingDetectionDelay", "tickInterval", "stoppedTaskRetention");
        return new EmulatorSettings(
                node.optionalString("region", defaults.region()),
                defaults.accountId(),
                node.optionalLong("seed", defaults.seed()),
                defaults.startTime(),
                node.optionalDuration("tickInterval", defaults.tickInterval()),
                node.optionalDuration("taskStartDuration", defaults.taskStartDuration()),
                node.optionalDuration("healthCheckDuration", defaults.healthCheckDuration()),
                node.optionalDuration("taskStopDuration", defaults.taskStopDuration()),
                node.optionalDuration("nativeRebalancingDetectionDelay", defaults.nativeRebalancingDetectionDelay()),
                node.optionalDuration("stoppedTaskRetention", defaults.stoppedTaskRetention()),
                0);
    }

    private static ContainerInstanceSpec parseContainerInstance(Node node) {
        node.allowOnly("id", "availabilityZone", "cpu", "memory", "instanceType", "ec2InstanceId");
        ContainerInstanceSpec.Builder builder = ContainerInstanceSpec.builder()
                .containerInstanceId(node.optionalString("id", null))
                .ec2InstanceId(node.optionalString("ec2InstanceId", null))
                .availabilityZone(node.requiredString("availabilityZone"))
                .cpu(node.optionalInt("cpu", 2048))
                .memory(node.optionalInt("memory", 4096))
                .instanceType(node.optionalString("instanceType", "m5.large"));
        return node.build(builder::build);
    }

    private static ScenarioService parseService(Node node) {
        node.allowOnly("name", "desiredCount", "taskCpu", "taskMemory", "hostPorts", "healthCheck",
                "placementStrategies", "placementConstraints", "minimumHealthyPercent", "maximumPercent",
                "schedulingStrategy", "classicLoadBalancerName", "tasks", "nextTaskIds");
        String schedulingStrategy = node.optionalString("schedulingStrategy", "REPLICA");
        if (!schedulingStrategy.equals("REPLICA") && !schedulingStrategy.equals("DAEMON")) {
            throw new IllegalArgumentException(node.path("schedulingStrategy") + " must be REPLICA or DAEMON, got "
                    + schedulingStrategy);
        }
        List<PlacementStrategy> strategies = new ArrayList<>();
        for (Node strategy : node.nodeList("placementStrategies")) {
            strategy.allowOnly("type", "field");
            strategies.add(strategy.build(() -> new PlacementStrategy(strategy.requiredString("type"),
                    strategy.optionalString("field", null))));
        }
        List<PlacementConstraint> constraints = new ArrayList<>();
        for (Node constraint : node.nodeList("placementConstraints")) {
            constraint.allowOnly("type", "expression");
            PlacementConstraint parsed = constraint.build(() -> new PlacementConstraint(
                    constraint.requiredString("type"), constraint.optionalString("expression", null)));
            if (parsed.expression() != null) {
                ClusterQuery.parse(parsed.expression());
            }
            constraints.add(parsed);
        }
        List<Integer> hostPorts = new ArrayList<>();
        for (String port : node.stringList("hostPorts")) {
            hostPorts.add(node.parseInt("hostPorts", port));
        }
        ServiceSpec.Builder spec = ServiceSpec.builder()
                .serviceName(node.requiredString("name"))
                .desiredCount(node.optionalInt("desiredCount", 1))
                .taskCpu(node.optionalInt("taskCpu", 256))
                .taskMemory(node.optionalInt("taskMemory", 512))
                .hostPorts(hostPorts)
                .taskHealthCheck(node.optionalBoolean("healthCheck", true))
                .placementStrategies(strategies)
                .placementConstraints(constraints)
                .minimumHealthyPercent(node.optionalInt("minimumHealthyPercent", 100))
                .maximumPercent(node.optionalInt("maximumPercent", 200))
                .daemon(schedulingStrategy.equals("DAEMON"))
                .classicLoadBalancerName(node.optionalString("classicLoadBalancerName", null));

        List<InitialTask> tasks = new ArrayList<>();
        for (Node task : node.nodeList("tasks")) {
            task.allowOnly("id", "containerInstance");
            tasks.add(new InitialTask(task.optionalString("id", null), task.requiredString("containerInstance")));
        }
        return new ScenarioService(node.build(spec::build), tasks, node.stringList("nextTaskIds"));
    }

    private static TimelineEvent parseEvent(Node node) {
        TimelineAction action = node.build(() -> TimelineAction.fromYamlName(node.requiredString("action")));
        Set<String> allowed = new TreeSet<>(action.requiredParameters());
        allowed.addAll(action.optionalParameters());
        allowed.add("at");
        allowed.add("action");
        node.allowOnly(allowed.toArray(new String[0]));

        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : action.requiredParameters()) {
            parameters.put(parameter, node.requiredString(parameter));
        }
        for (String parameter : action.optionalParameters()) {
            String value = node.optionalString(parameter, null);
            if (value != null) {
                parameters.put(parameter, value);
            }
        }
        return new TimelineEvent(node.requiredDuration("at"), action, parameters);
    }

    /** One mapping of the scenario file with its path, for error messages. */
    private record Node(Map<?, ?> values, String path) {

        String path(String member) {
            return path.isEmpty() ? member : path + "." + member;
        }

        void allowOnly(String... members) {
            Set<String> allowed = Set.of(members);
            for (Object key : values.keySet()) {
                if (!allowed.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException("Unknown member " + path(String.valueOf(key)) + "; allowed: "
                            + new TreeSet<>(allowed));
                }
            }
        }

        String requiredString(String member) {
            String value = optionalString(member, null);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(path(member) + " is required");
            }
            return value;
        }

        String optionalString(String member, String defaultValue) {
            Object value = values.get(member);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new IllegalArgumentException(path(member) + " must be a single value, got " + value);
            }
            return String.valueOf(value);
        }

        int optionalInt(String member, int defaultValue) {
            String value = optionalString(member, null);
            return value == null ? defaultValue : parseInt(member, value);
        }

        long optionalLong(String member, long defaultValue) {
            String value = optionalString(member, null);
            if (value == null) {
                return defaultValue;
            }
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path(member) + " must be an integer, got '" + value + "'");
            }
        }

        boolean optionalBoolean(String member, boolean defaultValue) {
            String value = optionalString(member, null);
            if (value == null) {
                return defaultValue;
            }
            // YAML and JSON booleans arrive as Boolean; a quoted "true" or "false" is read the same way.
            return switch (value.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(path(member) + " must be true or false, got '" + value
                        + "'");
            };
        }

        int parseInt(String member, String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path(member) + " must be an integer, got '" + value + "'");
            }
        }

        Duration requiredDuration(String member) {
            return parseDuration(requiredString(member), path(member));
        }

        Duration optionalDuration(String member, Duration defaultValue) {
            String value = optionalString(member, null);
            return value == null ? defaultValue : parseDuration(value, path(member));
        }

        Node optionalNode(String member) {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(path(member) + " must be a mapping");
            }
            return new Node(map, path(member));
        }

        List<Node> nodeList(String member) {
            Object value = values.get(member);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException(path(member) + " must be a list");
            }
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(path(member) + "[" + i + "] must be a mapping");
                }
                nodes.add(new Node(map, path(member) + "[" + i + "]"));
            }
            return nodes;
        }

        List<String> stringList(String member) {
            Object value = values.get(member);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException(path(member) + " must be a list");
            }
            return list.stream().map(String::valueOf).toList();
        }

        /** Runs a constructor that validates its input, prefixing its message with this node's path. */
        <T> T build(Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException((path.isEmpty() ? "" : path + ": ") + e.getMessage(), e);
            }
        }
    }
}
