package io.github.rebalancedecs.runtime.ecs;

import static io.github.rebalancedecs.runtime.ecs.EcsCalls.call;

import io.github.rebalancedecs.runtime.planner.TaskRequirements;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads with {@code DescribeTaskDefinition} what a task reserves and whether an essential
 * container defines a health check. A task definition revision never changes, so each ARN is
 * read once per execution environment.
 */
public final class EcsTaskDefinitions implements TaskRequirementsSource {

    private final EcsClient ecs;
    private final Map<String, TaskRequirements> cache = new ConcurrentHashMap<>();

    public EcsTaskDefinitions(EcsClient ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public TaskRequirements requirementsOf(String taskDefinitionArn) {
        TaskRequirements cached = cache.get(taskDefinitionArn);
        if (cached != null) {
            return cached;
        }
        TaskDefinition definition = call("DescribeTaskDefinition",
                () -> ecs.describeTaskDefinition(request -> request.taskDefinition(taskDefinitionArn)))
                .taskDefinition();
        TaskRequirements requirements = toRequirements(definition);
        cache.put(taskDefinitionArn, requirements);
        return requirements;
    }

    static TaskRequirements toRequirements(TaskDefinition definition) {
        String networkMode = definition.networkModeAsString();
        boolean awsvpc = "awsvpc".equals(networkMode);
        boolean hostMode = "host".equals(networkMode);

        // Task-level values win; otherwise ECS reserves the sum of the container values.
        int containerCpu = 0;
        int containerMemory = 0;
        Set<Integer> hostPorts = new HashSet<>();
        boolean healthCheck = false;
        for (ContainerDefinition container : definition.containerDefinitions()) {
            healthCheck |= definesEssentialHealthCheck(container);
            containerCpu += valueOf(container.cpu());
            containerMemory += container.memory() != null ? container.memory() : valueOf(container.memoryReservation());
            for (PortMapping mapping : container.portMappings()) {
                // In host mode the container port is the host port; in bridge mode 0 or none is dynamic.
                Integer hostPort = hostMode ? mapping.containerPort() : mapping.hostPort();
                // awsvpc tasks get their own network interface, so their ports never collide.
                if (!awsvpc && hostPort != null && hostPort > 0) {
                    hostPorts.add(hostPort);
                }
            }
        }
        int cpu = parseUnits(definition.cpu());
        int memory = parseUnits(definition.memory());
        return new TaskRequirements(cpu > 0 ? cpu : containerCpu, memory > 0 ? memory : containerMemory,
                hostPorts, awsvpc, healthCheck);
    }

    /**
     * Returns true when the container is essential ({@code essential} defaults to true) and
     * defines a health check. ECS derives a task's health status from its essential containers.
     *
     * <p>NOTE: a health check on a nonessential container is ignored. The current ECS API
     * Reference (HealthCheck) states that nonessential containers do not affect the task's health
     * status. Older revisions of it stated that they do when no essential container defines a
     * check, and under that rule such a task would count as healthy while its check is UNKNOWN.
     */
    private static boolean definesEssentialHealthCheck(ContainerDefinition container) {
        return !Boolean.FALSE.equals(container.essential()) && container.healthCheck() != null;
    }

    private static int valueOf(Integer value) {
        return value == null ? 0 : value;
    }

    private static int parseUnits(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            // "1 vCPU" and "2 GB" occur only in Fargate task definitions, which the rebalancer skips.
            return 0;
        }
    }
}
