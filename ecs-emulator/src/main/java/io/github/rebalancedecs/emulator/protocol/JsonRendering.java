package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceEvent;
import io.github.rebalancedecs.emulator.TaskStatus;
import io.github.rebalancedecs.emulator.engine.Cluster;
import io.github.rebalancedecs.emulator.engine.ContainerInstance;
import io.github.rebalancedecs.emulator.engine.Deployment;
import io.github.rebalancedecs.emulator.engine.Service;
import io.github.rebalancedecs.emulator.engine.Task;
import io.github.rebalancedecs.emulator.engine.TaskDefinition;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Renders emulator state as the JSON shapes of the ECS API reference. Timestamps are epoch
 * seconds with a fractional part, as the ECS JSON 1.1 protocol sends them.
 */
final class JsonRendering {

    private final ObjectMapper mapper;

    JsonRendering(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode cluster(Cluster cluster, boolean includeTags) {
        ObjectNode node = mapper.createObjectNode();
        node.put("clusterArn", cluster.arn());
        node.put("clusterName", cluster.name());
        node.put("status", "ACTIVE");
        node.put("registeredContainerInstancesCount", cluster.containerInstances().stream()
                .filter(instance -> instance.status() != ContainerInstanceStatus.INACTIVE).count());
        node.put("runningTasksCount", cluster.tasks().stream()
                .filter(task -> task.lastStatus() == TaskStatus.RUNNING).count());
        node.put("pendingTasksCount", cluster.tasks().stream()
                .filter(task -> task.lastStatus() == TaskStatus.PENDING).count());
        node.put("activeServicesCount", cluster.services().size());
        node.putArray("statistics");
        node.putArray("capacityProviders");
        node.putArray("defaultCapacityProviderStrategy");
        ObjectNode setting = node.putArray("settings").addObject();
        setting.put("name", "containerInsights");
        setting.put("value", "disabled");
        if (includeTags) {
            tags(node, cluster.tags());
        }
        return node;
    }

    ObjectNode service(Service service, boolean includeTags) {
        ObjectNode node = mapper.createObjectNode();
        long running = countTasks(service, TaskStatus.RUNNING);
        long pending = countTasks(service, TaskStatus.PENDING) + countTasks(service, TaskStatus.PROVISIONING);

        node.put("serviceArn", service.arn());
        node.put("serviceName", service.name());
        node.put("clusterArn", service.cluster().arn());
        ArrayNode loadBalancers = node.putArray("loadBalancers");
        if (service.classicLoadBalancerName() != null) {
            ObjectNode loadBalancer = loadBalancers.addObject();
            loadBalancer.put("loadBalancerName", service.classicLoadBalancerName());
            loadBalancer.put("containerName", service.taskDefinitionFamily());
            loadBalancer.put("containerPort", service.hostPorts().isEmpty() ? 80 : service.hostPorts().get(0));
        }
        node.putArray("serviceRegistries");
        node.put("status", "ACTIVE");
        node.put("desiredCount", service.desiredCount());
        node.put("runningCount", running);
        node.put("pendingCount", pending);
        node.put("launchType", "EC2");
        node.put("taskDefinition", service.taskDefinitionArn());

        ObjectNode deploymentConfiguration = node.putObject("deploymentConfiguration");
        ObjectNode circuitBreaker = deploymentConfiguration.putObject("deploymentCircuitBreaker");
        circuitBreaker.put("enable", false);
        circuitBreaker.put("rollback", false);
        deploymentConfiguration.put("maximumPercent", service.maximumPercent());
        deploymentConfiguration.put("minimumHealthyPercent", service.minimumHealthyPercent());

        ArrayNode deployments = node.putArray("deployments");
        for (Deployment deployment : service.deployments()) {
            deployments.add(deployment(deployment));
        }

        ArrayNode events = node.putArray("events");
        for (ServiceEvent event : service.events()) {
            ObjectNode eventNode = events.addObject();
            eventNode.put("id", event.id());
            eventNode.put("createdAt", timestamp(event.createdAt()));
            eventNode.put("message", event.message());
        }
        node.put("createdAt", timestamp(service.createdAt()));

        ArrayNode constraints = node.putArray("placementConstraints");
        for (PlacementConstraint constraint : service.placementConstraints()) {
            ObjectNode constraintNode = constraints.addObject();
            constraintNode.put("type", constraint.type());
            if (constraint.expression() != null) {
                constraintNode.put("expression", constraint.expression());
            }
        }
        ArrayNode strategies = node.putArray("placementStrategy");
        for (PlacementStrategy strategy : service.placementStrategies()) {
            ObjectNode strategyNode = strategies.addObject();
            strategyNode.put("type", strategy.type());
            if (strategy.field() != null) {
                strategyNode.put("field", strategy.field());
            }
        }
        node.put("schedulingStrategy", service.daemon() ? "DAEMON" : "REPLICA");
        node.put("availabilityZoneRebalancing", service.availabilityZoneRebalancing() ? "ENABLED" : "DISABLED");
        node.put("enableECSManagedTags", false);
        node.put("propagateTags", "NONE");
        node.put("enableExecuteCommand", false);
        if (includeTags) {
            tags(node, service.tags());
        }
        return node;
    }

    /**
     * Renders a deployment. ECS returns {@code rolloutState} only for services that are not
     * behind a Classic Load Balancer, so it is left out for those.
     */
    ObjectNode deployment(Deployment deployment) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", deployment.id());
        node.put("status", deployment.status().name());
        node.put("taskDefinition", deployment.taskDefinition().arn());
        node.put("desiredCount", deployment.desiredCount());
        node.put("pendingCount", deployment.pendingCount());
        node.put("runningCount", deployment.runningCount());
        node.put("failedTasks", deployment.failedTasks());
        node.put("createdAt", timestamp(deployment.createdAt()));
        node.put("updatedAt", timestamp(deployment.updatedAt()));
        node.put("launchType", "EC2");
        if (deployment.service().classicLoadBalancerName() == null) {
            node.put("rolloutState", deployment.rolloutState().name());
            node.put("rolloutStateReason", deployment.rolloutStateReason());
        }
        return node;
    }

    ObjectNode task(Task task, boolean includeTags) {
        ObjectNode node = mapper.createObjectNode();
        Service service = task.service();
        node.put("taskArn", task.arn());
        node.put("clusterArn", service.cluster().arn());
        node.put("taskDefinitionArn", task.taskDefinition().arn());
        if (task.containerInstance() != null) {
            node.put("containerInstanceArn", task.containerInstance().arn());
            node.put("availabilityZone", task.availabilityZone());
        }
        node.put("lastStatus", task.lastStatus().name());
        node.put("desiredStatus", task.desiredStatus().name());
        node.put("healthStatus", task.healthStatus().name());
        node.put("cpu", Integer.toString(task.cpu()));
        node.put("memory", Integer.toString(task.memory()));
        node.put("group", "service:" + service.name());
        node.put("startedBy", task.deployment().id());
        node.put("launchType", "EC2");
        node.put("connectivity", "CONNECTED");
        node.put("version", task.version());
        node.put("enableExecuteCommand", false);
        putTimestamp(node, "createdAt", task.createdAt());
        putTimestamp(node, "pullStartedAt", task.pullStartedAt());
        putTimestamp(node, "pullStoppedAt", task.startedAt());
        putTimestamp(node, "startedAt", task.startedAt());
        putTimestamp(node, "stoppingAt", task.stoppingAt());
        putTimestamp(node, "stoppedAt", task.stoppedAt());
        if (task.stoppedReason() != null) {
            node.put("stoppedReason", task.stoppedReason());
            node.put("stopCode", task.stopCode());
        }
        ObjectNode attribute = node.putArray("attributes").addObject();
        attribute.put("name", "ecs.cpu-architecture");
        attribute.put("value", "x86_64");

        String containerName = task.taskDefinition().family();
        ObjectNode container = node.putArray("containers").addObject();
        container.put("containerArn", task.arn().replace(":task/", ":container/") + "/" + containerName);
        container.put("taskArn", task.arn());
        container.put("name", containerName);
        container.put("lastStatus", task.lastStatus().name());
        container.put("healthStatus", task.healthStatus().name());
        ArrayNode bindings = container.putArray("networkBindings");
        if (task.containerInstance() != null) {
            for (int port : task.hostPorts()) {
                ObjectNode binding = bindings.addObject();
                binding.put("bindIP", "0.0.0.0");
                binding.put("containerPort", port);
                binding.put("hostPort", port);
                binding.put("protocol", "tcp");
            }
        }
        node.putObject("overrides").putArray("containerOverrides").addObject().put("name", containerName);
        if (includeTags) {
            tags(node, task.tags());
        }
        return node;
    }

    ObjectNode containerInstance(ContainerInstance instance, boolean includeTags) {
        ObjectNode node = mapper.createObjectNode();
        node.put("containerInstanceArn", instance.arn());
        node.put("ec2InstanceId", instance.ec2InstanceId());
        node.put("version", instance.version());
        ObjectNode versionInfo = node.putObject("versionInfo");
        versionInfo.put("agentVersion", "1.90.0");
        versionInfo.put("agentHash", "emulated");
        versionInfo.put("dockerVersion", "DockerVersion: 25.0.8");

        ArrayNode remaining = node.putArray("remainingResources");
        integerResource(remaining, "CPU", instance.remainingCpu());
        integerResource(remaining, "MEMORY", instance.remainingMemory());
        portsResource(remaining, "PORTS", instance.usedPorts());
        portsResource(remaining, "PORTS_UDP", Set.of());
        ArrayNode registered = node.putArray("registeredResources");
        integerResource(registered, "CPU", instance.registeredCpu());
        integerResource(registered, "MEMORY", instance.registeredMemory());
        portsResource(registered, "PORTS", instance.reservedPorts());
        portsResource(registered, "PORTS_UDP", Set.of());

        node.put("status", instance.status().name());
        node.put("agentConnected", instance.agentConnected());
        node.put("runningTasksCount", instance.residentTasks().stream()
                .filter(task -> task.lastStatus() == TaskStatus.RUNNING).count());
        node.put("pendingTasksCount", instance.residentTasks().stream()
                .filter(task -> task.lastStatus() == TaskStatus.PENDING).count());
        ArrayNode attributes = node.putArray("attributes");
        for (Map.Entry<String, String> entry : instance.attributes().entrySet()) {
            ObjectNode attribute = attributes.addObject();
            attribute.put("name", entry.getKey());
            attribute.put("value", entry.getValue());
        }
        node.put("registeredAt", timestamp(instance.registeredAt()));
        node.putArray("attachments");
        if (includeTags) {
            tags(node, instance.tags());
        }
        return node;
    }

    /**
     * Renders a bridge-mode task definition with task-level CPU and memory and one essential
     * container, with a {@code healthCheck} when the revision defines one.
     */
    ObjectNode taskDefinition(TaskDefinition definition) {
        ObjectNode node = mapper.createObjectNode();
        node.put("taskDefinitionArn", definition.arn());
        node.put("family", definition.family());
        node.put("revision", definition.revision());
        node.put("status", "ACTIVE");
        node.put("networkMode", "bridge");
        node.put("cpu", Integer.toString(definition.cpu()));
        node.put("memory", Integer.toString(definition.memory()));
        node.putArray("requiresCompatibilities").add("EC2");
        node.putArray("compatibilities").add("EC2");
        node.putArray("placementConstraints");
        node.put("registeredAt", timestamp(definition.registeredAt()));

        ObjectNode container = node.putArray("containerDefinitions").addObject();
        container.put("name", definition.family());
        container.put("image", "public.ecr.aws/emulated/" + definition.family() + ":latest");
        container.put("essential", true);
        container.put("cpu", definition.cpu());
        container.put("memory", definition.memory());
        ArrayNode portMappings = container.putArray("portMappings");
        for (int port : definition.hostPorts()) {
            ObjectNode mapping = portMappings.addObject();
            mapping.put("containerPort", port);
            mapping.put("hostPort", port);
            mapping.put("protocol", "tcp");
        }
        if (definition.healthCheck()) {
            // ECS's defaults for interval, timeout and retries. The emulator does not run the
            // command: the task turns HEALTHY after the emulator's healthCheckDuration.
            ObjectNode healthCheck = container.putObject("healthCheck");
            healthCheck.putArray("command").add("CMD-SHELL").add("curl -f http://localhost/ || exit 1");
            healthCheck.put("interval", 30);
            healthCheck.put("timeout", 5);
            healthCheck.put("retries", 3);
            healthCheck.put("startPeriod", 0);
        }
        return node;
    }

    ObjectNode failure(String arn, String reason, String detail) {
        ObjectNode node = mapper.createObjectNode();
        node.put("arn", arn);
        node.put("reason", reason);
        if (detail != null) {
            node.put("detail", detail);
        }
        return node;
    }

    void tags(ObjectNode parent, Map<String, String> tags) {
        ArrayNode array = parent.putArray("tags");
        for (Map.Entry<String, String> entry : tags.entrySet()) {
            ObjectNode tag = array.addObject();
            tag.put("key", entry.getKey());
            tag.put("value", entry.getValue());
        }
    }

    /** Returns an instant as epoch seconds with millisecond precision, the ECS wire format. */
    static BigDecimal timestamp(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static void putTimestamp(ObjectNode node, String member, Instant instant) {
        if (instant != null) {
            node.put(member, timestamp(instant));
        }
    }

    private static long countTasks(Service service, TaskStatus status) {
        return service.cluster().tasks().stream()
                .filter(task -> task.service() == service && task.lastStatus() == status)
                .count();
    }

    private static void integerResource(ArrayNode resources, String name, int value) {
        ObjectNode resource = resources.addObject();
        resource.put("name", name);
        resource.put("type", "INTEGER");
        resource.put("doubleValue", 0.0);
        resource.put("longValue", 0);
        resource.put("integerValue", value);
    }

    private static void portsResource(ArrayNode resources, String name, Collection<Integer> ports) {
        ObjectNode resource = resources.addObject();
        resource.put("name", name);
        resource.put("type", "STRINGSET");
        resource.put("doubleValue", 0.0);
        resource.put("longValue", 0);
        resource.put("integerValue", 0);
        ArrayNode values = resource.putArray("stringSetValue");
        ports.stream().sorted().forEach(port -> values.add(Integer.toString(port)));
    }
}
