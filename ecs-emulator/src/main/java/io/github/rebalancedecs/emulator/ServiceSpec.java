package io.github.rebalancedecs.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a service to create: its task definition's resources, desired count,
 * placement and deployment settings.
 *
 * <p>Defaults follow what a service created through the ECS API gets: no placement strategy
 * (ECS then spreads across Availability Zones and then instances), minimum healthy percent 100,
 * maximum percent 200, the REPLICA scheduling strategy and Availability Zone rebalancing
 * ENABLED.
 *
 * @param serviceName                 the service name, unique in its cluster
 * @param taskDefinitionFamily        the task definition family; revision 1 is reported
 * @param taskCpu                     CPU units each task reserves on its container instance
 * @param taskMemory                  memory in MiB each task reserves
 * @param hostPorts                   fixed host ports each task binds; two tasks that bind the same
 *                                    port cannot share a container instance
 * @param taskHealthCheck             true when the task definition's container defines a health
 *                                    check; without one, tasks stay at health status UNKNOWN
 * @param desiredCount                the number of tasks the scheduler keeps running
 * @param placementStrategies         strategies in the order ECS applies them
 * @param placementConstraints        constraints every placement must satisfy
 * @param minimumHealthyPercent       the deployment configuration's minimum healthy percent
 * @param maximumPercent              the deployment configuration's maximum percent
 * @param daemon                      true for the DAEMON scheduling strategy
 * @param availabilityZoneRebalancing true when ECS native Availability Zone rebalancing is ENABLED
 * @param classicLoadBalancerName     the Classic Load Balancer the service registers with, or
 *                                    {@code null} for none
 * @param tags                        resource tags of the service
 */
public record ServiceSpec(
        String serviceName,
        String taskDefinitionFamily,
        int taskCpu,
        int taskMemory,
        List<Integer> hostPorts,
        boolean taskHealthCheck,
        int desiredCount,
        List<PlacementStrategy> placementStrategies,
        List<PlacementConstraint> placementConstraints,
        int minimumHealthyPercent,
        int maximumPercent,
        boolean daemon,
        boolean availabilityZoneRebalancing,
        String classicLoadBalancerName,
        Map<String, String> tags) {

    public ServiceSpec {
        Objects.requireNonNull(serviceName, "serviceName");
        if (!serviceName.matches("[A-Za-z0-9_-]{1,255}")) {
            throw new IllegalArgumentException(
                    "serviceName must be 1 to 255 letters, digits, hyphens or underscores, got '" + serviceName + "'");
        }
        Objects.requireNonNull(taskDefinitionFamily, "taskDefinitionFamily");
        if (taskCpu < 0 || taskMemory <= 0) {
            throw new IllegalArgumentException("taskCpu must be at least 0 and taskMemory positive, got taskCpu="
                    + taskCpu + " taskMemory=" + taskMemory);
        }
        hostPorts = List.copyOf(hostPorts);
        for (int port : hostPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("hostPorts must be between 1 and 65535, got " + port);
            }
        }
        if (desiredCount < 0) {
            throw new IllegalArgumentException("desiredCount must be at least 0, got " + desiredCount);
        }
        placementStrategies = List.copyOf(placementStrategies);
        if (placementStrategies.size() > 5) {
            throw new IllegalArgumentException(
                    "A service can have at most 5 placement strategies, got " + placementStrategies.size());
        }
        placementConstraints = List.copyOf(placementConstraints);
        if (placementConstraints.size() > 10) {
            throw new IllegalArgumentException(
                    "A service can have at most 10 placement constraints, got " + placementConstraints.size());
        }
        if (minimumHealthyPercent < 0 || minimumHealthyPercent > 100) {
            throw new IllegalArgumentException(
                    "minimumHealthyPercent must be between 0 and 100, got " + minimumHealthyPercent);
        }
        if (maximumPercent < 100) {
            throw new IllegalArgumentException("maximumPercent must be at least 100, got " + maximumPercent);
        }
        tags = Map.copyOf(tags);
    }

    /** Creates a spec whose task definition's container defines a health check. */
    public ServiceSpec(String serviceName, String taskDefinitionFamily, int taskCpu, int taskMemory,
            List<Integer> hostPorts, int desiredCount, List<PlacementStrategy> placementStrategies,
            List<PlacementConstraint> placementConstraints, int minimumHealthyPercent, int maximumPercent,
            boolean daemon, boolean availabilityZoneRebalancing, String classicLoadBalancerName,
            Map<String, String> tags) {
        this(serviceName, taskDefinitionFamily, taskCpu, taskMemory, hostPorts, true, desiredCount,
                placementStrategies, placementConstraints, minimumHealthyPercent, maximumPercent, daemon,
                availabilityZoneRebalancing, classicLoadBalancerName, tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ServiceSpec}. */
    public static final class Builder {
        private String serviceName;
        private String taskDefinitionFamily;
        private int taskCpu = 256;
        private int taskMemory = 512;
        private List<Integer> hostPorts = new ArrayList<>();
        private boolean taskHealthCheck = true;
        private int desiredCount = 1;
        private List<PlacementStrategy> placementStrategies = new ArrayList<>();
        private List<PlacementConstraint> placementConstraints = new ArrayList<>();
        private int minimumHealthyPercent = 100;
        private int maximumPercent = 200;
        private boolean daemon;
        private boolean availabilityZoneRebalancing = true;
        private String classicLoadBalancerName;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets the task definition family; @default the service name. */
        public Builder taskDefinitionFamily(String taskDefinitionFamily) {
            this.taskDefinitionFamily = taskDefinitionFamily;
            return this;
        }

        /** Sets the CPU units each task reserves; @default 256. */
        public Builder taskCpu(int taskCpu) {
            this.taskCpu = taskCpu;
            return this;
        }

        /** Sets the MiB each task reserves; @default 512. */
        public Builder taskMemory(int taskMemory) {
            this.taskMemory = taskMemory;
            return this;
        }

        /** Sets the fixed host ports each task binds; @default none (dynamic host ports). */
        public Builder hostPorts(List<Integer> hostPorts) {
            this.hostPorts = new ArrayList<>(hostPorts);
            return this;
        }

        /**
         * Sets whether the task definition's container defines a health check; @default true, so
         * that tasks turn HEALTHY {@code healthCheckDuration} after RUNNING.
         */
        public Builder taskHealthCheck(boolean taskHealthCheck) {
            this.taskHealthCheck = taskHealthCheck;
            return this;
        }

        /** Sets the desired count; @default 1. */
        public Builder desiredCount(int desiredCount) {
            this.desiredCount = desiredCount;
            return this;
        }

        /** Sets the placement strategies; @default none, which ECS treats as AZ spread then instance spread. */
        public Builder placementStrategies(List<PlacementStrategy> placementStrategies) {
            this.placementStrategies = new ArrayList<>(placementStrategies);
            return this;
        }

        /** Sets the placement constraints; @default none. */
        public Builder placementConstraints(List<PlacementConstraint> placementConstraints) {
            this.placementConstraints = new ArrayList<>(placementConstraints);
            return this;
        }

        /** Sets the minimum healthy percent; @default 100. */
        public Builder minimumHealthyPercent(int minimumHealthyPercent) {
            this.minimumHealthyPercent = minimumHealthyPercent;
            return this;
        }

        /** Sets the maximum percent; @default 200. */
        public Builder maximumPercent(int maximumPercent) {
            this.maximumPercent = maximumPercent;
            return this;
        }

        /** Selects the DAEMON scheduling strategy; @default false (REPLICA). */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** Sets native Availability Zone rebalancing; @default true (ENABLED), as for a new ECS service. */
        public Builder availabilityZoneRebalancing(boolean availabilityZoneRebalancing) {
            this.availabilityZoneRebalancing = availabilityZoneRebalancing;
            return this;
        }

        /** Registers the service's tasks with a Classic Load Balancer; @default none. */
        public Builder classicLoadBalancerName(String classicLoadBalancerName) {
            this.classicLoadBalancerName = classicLoadBalancerName;
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        public ServiceSpec build() {
            String family = taskDefinitionFamily == null ? serviceName : taskDefinitionFamily;
            return new ServiceSpec(serviceName, family, taskCpu, taskMemory, hostPorts, taskHealthCheck, desiredCount,
                    placementStrategies, placementConstraints, minimumHealthyPercent, maximumPercent, daemon,
                    availabilityZoneRebalancing, classicLoadBalancerName, tags);
        }
    }
}
