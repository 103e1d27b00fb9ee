package io.github.rebalancedecs.runtime.config;

import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rebalancer's configuration, read from environment variables and validated at start-up.
 *
 * @param region                  the AWS Region ({@value #REGION})
 * @param clusterName             the cluster ({@value #CLUSTER_NAME})
 * @param serviceNames            the services to keep balanced ({@value #SERVICE_NAMES})
 * @param policy                  strategy, max skew, caps and cooldown
 * @param executorSettings        timeouts, protection expiry and dry run
 * @param maintenanceWindow       when operations may start
 * @param subnetAvailabilityZones the Availability Zone of each awsvpc subnet ID
 * @param ecsEndpoint             the ECS endpoint override, or {@code null} for the Region's
 * @param apiCallTimeout          the limit of one ECS call with its retries
 * @param pollInterval            the wait between two reads while an operation is in flight
 * @param metricsNamespace        the CloudWatch namespace of the metrics
 */
public record RebalancerConfig(
        String region,
        String clusterName,
        List<String> serviceNames,
        RebalancePolicy policy,
        ExecutorSettings executorSettings,
        MaintenanceWindow maintenanceWindow,
        Map<String, String> subnetAvailabilityZones,
        URI ecsEndpoint,
        Duration apiCallTimeout,
        Duration pollInterval,
        String metricsNamespace) {

    public static final String REGION = "AWS_REGION";
    public static final String CLUSTER_NAME = "REBALANCER_CLUSTER_NAME";
    public static final String SERVICE_NAMES = "REBALANCER_SERVICE_NAMES";
    public static final String STRATEGY = "REBALANCER_STRATEGY";
    public static final String MAX_SKEW = "REBALANCER_MAX_SKEW";
    public static final String MAX_MOVES_PER_RUN = "REBALANCER_MAX_MOVES_PER_RUN";
    public static final String MAX_SURGE = "REBALANCER_MAX_SURGE";
    public static final String COOLDOWN_MINUTES = "REBALANCER_COOLDOWN_MINUTES";
    public static final String TASK_START_TIMEOUT_MINUTES = "REBALANCER_TASK_START_TIMEOUT_MINUTES";
    public static final String PROTECTION_MINUTES = "REBALANCER_PROTECTION_MINUTES";
    public static final String INEFFECTIVE_COOLDOWN_MINUTES = "REBALANCER_INEFFECTIVE_COOLDOWN_MINUTES";
    public static final String DRY_RUN = "REBALANCER_DRY_RUN";
    public static final String MAINTENANCE_WINDOW = "REBALANCER_MAINTENANCE_WINDOW";
    public static final String MAINTENANCE_WINDOW_TIME_ZONE = "REBALANCER_MAINTENANCE_WINDOW_TIME_ZONE";
    public static final String SUBNET_AVAILABILITY_ZONES = "REBALANCER_SUBNET_AVAILABILITY_ZONES";
    public static final String ECS_ENDPOINT = "REBALANCER_ECS_ENDPOINT";
    public static final String API_CALL_TIMEOUT_SECONDS = "REBALANCER_API_CALL_TIMEOUT_SECONDS";
    public static final String POLL_INTERVAL_SECONDS = "REBALANCER_POLL_INTERVAL_SECONDS";
    public static final String METRICS_NAMESPACE = "REBALANCER_METRICS_NAMESPACE";

    /** The namespace of the metrics unless {@value #METRICS_NAMESPACE} sets another. */
    public static final String DEFAULT_METRICS_NAMESPACE = "RebalancedEcs";

    public RebalancerConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(clusterName, "clusterName");
        serviceNames = List.copyOf(serviceNames);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(executorSettings, "executorSettings");
        Objects.requireNonNull(maintenanceWindow, "maintenanceWindow");
        subnetAvailabilityZones = Map.copyOf(subnetAvailabilityZones);
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws ConfigurationException naming every invalid or missing variable with its value
     */
    public static RebalancerConfig fromEnvironment(Map<String, String> environment) {
        Reader reader = new Reader(environment);

        String region = reader.required(REGION);
        String cluster = reader.required(CLUSTER_NAME);
        List<String> services = reader.serviceNames();
        RebalanceStrategy strategy = reader.strategy();
        int maxSkew = reader.integer(MAX_SKEW, 1, 1, 1000);
        RebalancePolicy defaults = RebalancePolicy.DEFAULTS;
        int maxMoves = reader.integer(MAX_MOVES_PER_RUN, defaults.maxMovesPerRun(), 1, 1000);
        int maxSurge = reader.integer(MAX_SURGE, defaults.maxSurge(), 1, 1000);
        int cooldown = reader.integer(COOLDOWN_MINUTES, (int) defaults.cooldown().toMinutes(), 0, 10080);
        int startTimeout = reader.integer(TASK_START_TIMEOUT_MINUTES, 10, 1, 1440);
        int protection = reader.integer(PROTECTION_MINUTES, 5, 1, 2880);
        int ineffective = reader.integer(INEFFECTIVE_COOLDOWN_MINUTES, 30, 0, 10080);
        boolean dryRun = reader.bool(DRY_RUN, false);
        ZoneId zone = reader.zone();
        MaintenanceWindow window = reader.window(zone);
        Map<String, String> subnets = reader.subnetZones();
        URI endpoint = reader.endpoint();
        int apiTimeout = reader.integer(API_CALL_TIMEOUT_SECONDS, 20, 1, 300);
        int poll = reader.integer(POLL_INTERVAL_SECONDS, 10, 1, 300);
        String namespace = environment.getOrDefault(METRICS_NAMESPACE, DEFAULT_METRICS_NAMESPACE).trim();
        if (namespace.isEmpty()) {
            reader.problems.add(METRICS_NAMESPACE + " must not be empty");
        }

        if (!reader.problems.isEmpty()) {
            throw new ConfigurationException(reader.problems);
        }
        return new RebalancerConfig(region, cluster, services,
                new RebalancePolicy(strategy, maxSkew, maxMoves, maxSurge, Duration.ofMinutes(cooldown)),
                new ExecutorSettings(Duration.ofMinutes(startTimeout), protection, Duration.ofMinutes(ineffective),
                        dryRun),
                window, subnets, endpoint, Duration.ofSeconds(apiTimeout), Duration.ofSeconds(poll), namespace);
    }

    /** Reads variables and collects every problem, so that one error names them all. */
    private static final class Reader {
        private final Map<String, String> environment;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> environment) {
            this.environment = environment;
        }

        private String value(String name) {
            String value = environment.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String name) {
            String value = value(name);
            if (value == null) {
                problems.add(name + " is missing");
            }
            return value;
        }

        List<String> serviceNames() {
            String value = required(SERVICE_NAMES);
            if (value == null) {
                return List.of();
            }
            Set<String> names = new LinkedHashSet<>();
            for (String name : value.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.matches("[A-Za-z0-9_-]{1,255}")) {
                    problems.add(SERVICE_NAMES + " must list service names separated by commas, got '" + value + "'");
                    return List.of();
                }
                if (!names.add(trimmed)) {
                    problems.add(SERVICE_NAMES + " lists '" + trimmed + "' twice, got '" + value + "'");
                }
            }
            return List.copyOf(names);
        }

        RebalanceStrategy strategy() {
            String value = value(STRATEGY);
            if (value == null) {
                return RebalanceStrategy.SURGE;
            }
            try {
                return RebalanceStrategy.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(STRATEGY + " must be SURGE or REPLACE, got '" + value + "'");
                return RebalanceStrategy.SURGE;
            }
        }

        int integer(String name, int fallback, int min, int max) {
            String value = value(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Reported below with the range.
            }
            problems.add(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
            return fallback;
        }

        boolean bool(String name, boolean fallback) {
            String value = value(name);
            if (value == null) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(name + " must be true or false, got '" + value + "'");
            return fallback;
        }

        ZoneId zone() {
            String value = value(MAINTENANCE_WINDOW_TIME_ZONE);
            if (value == null) {
                return ZoneId.of("UTC");
            }
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                problems.add(MAINTENANCE_WINDOW_TIME_ZONE + " must be a time zone ID such as Europe/Paris, got '"
                        + value + "'");
                return ZoneId.of("UTC");
            }
        }

        MaintenanceWindow window(ZoneId zone) {
            String value = value(MAINTENANCE_WINDOW);
            if (value == null) {
                return MaintenanceWindow.ALWAYS;
            }
            try {
                return MaintenanceWindow.parse(value, zone);
            } catch (IllegalArgumentException e) {
                problems.add(MAINTENANCE_WINDOW + " is an " + e.getMessage());
                return MaintenanceWindow.ALWAYS;
            }
        }

        Map<String, String> subnetZones() {
            String value = value(SUBNET_AVAILABILITY_ZONES);
            Map<String, String> zones = new LinkedHashMap<>();
            if (value == null) {
                return zones;
            }
            for (String pair : value.split(",")) {
                String[] parts = pair.trim().split("=");
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    problems.add(SUBNET_AVAILABILITY_ZONES
                            + " must list subnet=zone pairs separated by commas, such as "
                            + "'subnet-0a1=us-east-1a,subnet-0b2=us-east-1b', got '" + value + "'");
                    return Map.of();
                }
                zones.put(parts[0].trim(), parts[1].trim());
            }
            return zones;
        }

        URI endpoint() {
            String value = value(ECS_ENDPOINT);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // Reported below.
            }
            problems.add(ECS_ENDPOINT + " must be an http or https URL such as http://127.0.0.1:4566, got '"
                    + value + "'");
            return null;
        }
    }
}
