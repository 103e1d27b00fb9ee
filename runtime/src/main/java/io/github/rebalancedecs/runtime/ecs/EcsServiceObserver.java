package io.github.rebalancedecs.runtime.ecs;

import static io.github.rebalancedecs.runtime.ecs.EcsCalls.batches;
import static io.github.rebalancedecs.runtime.ecs.EcsCalls.call;

import io.github.rebalancedecs.runtime.planner.ContainerInstanceSnapshot;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport;
import io.github.rebalancedecs.runtime.planner.ServiceDeployment;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskRequirements;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.GetTaskProtectionResponse;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads one service and its cluster from ECS into an immutable {@link ServiceSnapshot}.
 *
 * <p>Every list is followed to its end and every describe is batched within the ECS limits
 * (100 tasks, container instances or protection reads per call). Any failed call,
 * any {@code failures} entry in a response, and any reference that cannot be resolved (a task on
 * an unknown container instance, an instance without an Availability Zone attribute) throws
 * {@link EcsAccessException}, so the caller never acts on a partial view.
 */
public final class EcsServiceObserver {

    /** DescribeTasks and DescribeContainerInstances take at most 100 ARNs. */
    static final int DESCRIBE_BATCH_SIZE = 100;
    /** GetTaskProtection takes at most 100 tasks. */
    static final int GET_PROTECTION_BATCH_SIZE = 100;
    /** UpdateTaskProtection takes at most 10 tasks. */
    static final int UPDATE_PROTECTION_BATCH_SIZE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(EcsServiceObserver.class);
    private static final String AVAILABILITY_ZONE_ATTRIBUTE = "ecs.availability-zone";

    private final EcsClient ecs;
    private final TaskRequirementsSource taskDefinitions;
    private final Map<String, String> subnetAvailabilityZones;
    private final Clock clock;

    /**
     * Creates an observer.
     *
     * @param ecs                     the ECS client
     * @param taskDefinitions         the source of task requirements, normally
     *                                {@link EcsTaskDefinitions}
     * @param subnetAvailabilityZones the Availability Zone of each subnet ID that an {@code awsvpc}
     *                                service may use; ECS does not report it
     * @param clock                   the clock that stamps snapshots
     */
    public EcsServiceObserver(EcsClient ecs, TaskRequirementsSource taskDefinitions,
            Map<String, String> subnetAvailabilityZones, Clock clock) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.taskDefinitions = Objects.requireNonNull(taskDefinitions, "taskDefinitions");
        this.subnetAvailabilityZones = Map.copyOf(subnetAvailabilityZones);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads the service, its tasks, the cluster's container instances and task protection, all
     * that acting needs. The snapshot is {@link ServiceSnapshot#actionable() actionable}.
     *
     * @throws EcsAccessException when a read fails or the reads do not fit together
     */
    public ServiceSnapshot observe(String clusterName, String serviceName) {
        return observe(clusterName, serviceName, tags -> true);
    }

    /**
     * Reads what decides whether the service needs a move, in the fewest calls the ECS API allows:
     * the service, the tasks of desired status RUNNING and the cluster's container instances.
     *
     * <p>It leaves out the two reads that only acting needs: the tasks of desired status STOPPED
     * that still run, and each task's scale-in protection. Neither can turn "no move needed" into
     * a move: while any task stops the planner waits, and protection only narrows which task a
     * move stops. The snapshot is not {@link ServiceSnapshot#actionable() actionable}: when its
     * plan has moves, read again with {@link #observe} and decide on that snapshot alone.
     *
     * @throws EcsAccessException when a read fails or the reads do not fit together
     */
    public ServiceSnapshot observeBalance(String clusterName, String serviceName) {
        return observe(clusterName, serviceName, tags -> false);
    }

    /**
     * Reads like {@link #observeBalance}, or in full like {@link #observe} when the service's tags,
     * the first read, show that acting is due anyway, such as an operation in flight. One
     * DescribeServices call then serves both decisions.
     *
     * @param readInFull decides from the service's tags whether to read in full
     * @throws EcsAccessException when a read fails or the reads do not fit together
     */
    public ServiceSnapshot observe(String clusterName, String serviceName,
            Predicate<Map<String, String>> readInFull) {
        Instant observedAt = clock.instant();

        // 1. The service with its tags, and its task definition.
        Service service = describeService(clusterName, serviceName);
        Map<String, String> tags = tags(service);
        boolean forAction = readInFull.test(tags);
        TaskRequirements requirements = taskDefinitions.requirementsOf(primaryTaskDefinition(service));

        // 2. Every task that is not STOPPED: RUNNING ones and, to act, those on their way to STOPPED.
        List<Task> tasks = describeTasks(clusterName, serviceName, forAction
                ? List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED) : List.of(DesiredStatus.RUNNING));

        // 3. Every container instance that is not INACTIVE, and any INACTIVE one that still runs a task.
        Map<String, ContainerInstance> instances = describeContainerInstances(clusterName, tasks);

        // 4. To act, the scale-in protection of every task.
        Map<String, ProtectedTask> protection = forAction ? getTaskProtection(clusterName, tasks) : Map.of();

        // 5. Whether each task's own revision defines a health check, which decides how to read
        //    UNKNOWN. Tasks of an older deployment may run another revision than the primary.
        Map<String, Boolean> healthCheckByTaskDefinition = healthChecks(service, requirements, tasks);

        List<ContainerInstanceSnapshot> instanceSnapshots = new ArrayList<>();
        Map<String, String> zoneByInstance = new HashMap<>();
        for (ContainerInstance instance : instances.values()) {
            ContainerInstanceSnapshot snapshot = toSnapshot(instance);
            instanceSnapshots.add(snapshot);
            zoneByInstance.put(snapshot.containerInstanceArn(), snapshot.availabilityZone());
        }
        List<TaskSnapshot> taskSnapshots = new ArrayList<>();
        for (Task task : tasks) {
            taskSnapshots.add(toSnapshot(task, zoneByInstance, protection.get(task.taskArn()),
                    healthCheckByTaskDefinition.get(task.taskDefinitionArn())));
        }

        ServiceSnapshot snapshot = new ServiceSnapshot(clusterName, service.serviceName(), service.serviceArn(),
                service.status(), schedulingStrategy(service), service.launchTypeAsString(),
                value(service.desiredCount()), value(service.runningCount()), value(service.pendingCount()),
                minimumHealthyPercent(service), maximumPercent(service), deployments(service),
                placementStrategies(service), placementConstraints(service), requirements,
                subnetZones(service), tags, taskSnapshots, instanceSnapshots, observedAt, forAction);
        LOG.debug("event=observed service={} desiredCount={} tasks={} containerInstances={}",
                snapshot.serviceKey(), snapshot.desiredCount(), taskSnapshots.size(), instanceSnapshots.size());
        return snapshot;
    }

    private Service describeService(String clusterName, String serviceName) {
        DescribeServicesResponse response = call("DescribeServices",
                () -> ecs.describeServices(request -> request.cluster(clusterName).services(serviceName)
                        .include(ServiceField.TAGS)));
        requireNoFailures("DescribeServices", response.failures());
        if (response.services().size() != 1) {
            throw new EcsAccessException("DescribeServices",
                    "service " + serviceName + " not found in cluster " + clusterName);
        }
        return response.services().get(0);
    }

    /**
     * Returns the service's tags, which DescribeServices sends only when the request includes
     * {@code TAGS}; reading them there saves one ListTagsForResource call per reconcile.
     */
    private static Map<String, String> tags(Service service) {
        // NOTE: the ECS API Reference does not say whether a service without tags comes back with
        // an empty list or none, so no list counts as no tags. The request always includes TAGS.
        Map<String, String> tags = new LinkedHashMap<>();
        service.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private static String primaryTaskDefinition(Service service) {
        return service.deployments().stream()
                .filter(deployment -> "PRIMARY".equals(deployment.status()))
                .map(software.amazon.awssdk.services.ecs.model.Deployment::taskDefinition)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(service.taskDefinition());
    }

    /** Returns, per task definition ARN of the tasks, whether an essential container defines a health check. */
    private Map<String, Boolean> healthChecks(Service service, TaskRequirements primaryRequirements,
            List<Task> tasks) {
        Map<String, Boolean> healthChecks = new HashMap<>();
        healthChecks.put(primaryTaskDefinition(service), primaryRequirements.healthCheck());
        for (Task task : tasks) {
            if (task.taskDefinitionArn() == null) {
                throw new EcsAccessException("DescribeTasks", "task " + task.taskArn() + " has no taskDefinitionArn");
            }
            if (!healthChecks.containsKey(task.taskDefinitionArn())) {
                healthChecks.put(task.taskDefinitionArn(),
                        taskDefinitions.requirementsOf(task.taskDefinitionArn()).healthCheck());
            }
        }
        return healthChecks;
    }

    private List<Task> describeTasks(String clusterName, String serviceName, List<DesiredStatus> desiredStatuses) {
        Set<String> taskArns = new LinkedHashSet<>();
        for (DesiredStatus desiredStatus : desiredStatuses) {
            call("ListTasks", () -> {
                ecs.listTasksPaginator(request -> request.cluster(clusterName).serviceName(serviceName)
                        .desiredStatus(desiredStatus)).taskArns().forEach(taskArns::add);
                return null;
            });
        }
        List<Task> tasks = new ArrayList<>();
        for (List<String> batch : batches(List.copyOf(taskArns), DESCRIBE_BATCH_SIZE)) {
            DescribeTasksResponse response = call("DescribeTasks",
                    () -> ecs.describeTasks(request -> request.cluster(clusterName).tasks(batch)));
            requireNoFailures("DescribeTasks", response.failures());
            if (response.tasks().size() != batch.size()) {
                throw new EcsAccessException("DescribeTasks",
                        "asked for " + batch.size() + " tasks, got " + response.tasks().size());
            }
            for (Task task : response.tasks()) {
                if (!"STOPPED".equals(task.lastStatus())) {
                    tasks.add(task);
                }
            }
        }
        return tasks;
    }

    private Map<String, ContainerInstance> describeContainerInstances(String clusterName, List<Task> tasks) {
        // Without a status filter ListContainerInstances returns every state but INACTIVE: ACTIVE,
        // DRAINING, REGISTERING, DEREGISTERING and REGISTRATION_FAILED (ECS API Reference). One
        // listing replaces one per status, and the planner reads each instance's own status.
        Set<String> arns = new LinkedHashSet<>();
        call("ListContainerInstances", () -> {
            ecs.listContainerInstancesPaginator(request -> request.cluster(clusterName))
                    .containerInstanceArns().forEach(arns::add);
            return null;
        });
        for (Task task : tasks) {
            if (task.containerInstanceArn() != null) {
                arns.add(task.containerInstanceArn());
            } else if ("RUNNING".equals(task.lastStatus())) {
                throw new EcsAccessException("DescribeTasks", "RUNNING task " + task.taskArn()
                        + " has no container instance; only tasks on EC2 container instances are supported");
            }
        }
        Map<String, ContainerInstance> instances = new LinkedHashMap<>();
        for (List<String> batch : batches(List.copyOf(arns), DESCRIBE_BATCH_SIZE)) {
            DescribeContainerInstancesResponse response = call("DescribeContainerInstances",
                    () -> ecs.describeContainerInstances(request -> request.cluster(clusterName).containerInstances(batch)));
            requireNoFailures("DescribeContainerInstances", response.failures());
            response.containerInstances().forEach(instance -> instances.put(instance.containerInstanceArn(), instance));
        }
        for (String arn : arns) {
            if (!instances.containsKey(arn)) {
                throw new EcsAccessException("DescribeContainerInstances", "container instance " + arn + " not returned");
            }
        }
        return instances;
    }

    private Map<String, ProtectedTask> getTaskProtection(String clusterName, List<Task> tasks) {
        Map<String, ProtectedTask> protection = new HashMap<>();
        List<String> taskArns = tasks.stream().map(Task::taskArn).toList();
        for (List<String> batch : batches(taskArns, GET_PROTECTION_BATCH_SIZE)) {
            GetTaskProtectionResponse response = call("GetTaskProtection",
                    () -> ecs.getTaskProtection(request -> request.cluster(clusterName).tasks(batch)));
            requireNoFailures("GetTaskProtection", response.failures());
            response.protectedTasks().forEach(task -> protection.put(task.taskArn(), task));
        }
        return protection;
    }

    private static ContainerInstanceSnapshot toSnapshot(ContainerInstance instance) {
        Map<String, String> attributes = new HashMap<>();
        for (Attribute attribute : instance.attributes()) {
            if (attribute.value() != null) {
                attributes.put(attribute.name(), attribute.value());
            }
        }
        String zone = attributes.get(AVAILABILITY_ZONE_ATTRIBUTE);
        if (zone == null) {
            throw new EcsAccessException("DescribeContainerInstances", "container instance "
                    + instance.containerInstanceArn() + " has no " + AVAILABILITY_ZONE_ATTRIBUTE + " attribute");
        }
        int cpu = 0;
        int memory = 0;
        Set<Integer> ports = new HashSet<>();
        for (Resource resource : instance.remainingResources()) {
            if ("CPU".equals(resource.name())) {
                cpu = value(resource.integerValue());
            } else if ("MEMORY".equals(resource.name())) {
                memory = value(resource.integerValue());
            } else if ("PORTS".equals(resource.name())) {
                resource.stringSetValue().forEach(port -> ports.add(Integer.parseInt(port.trim())));
            }
        }
        return new ContainerInstanceSnapshot(instance.containerInstanceArn(), instance.ec2InstanceId(), zone,
                instance.status(), Boolean.TRUE.equals(instance.agentConnected()), cpu, memory, ports, attributes);
    }

    private static TaskSnapshot toSnapshot(Task task, Map<String, String> zoneByInstance, ProtectedTask protection,
            boolean healthCheck) {
        // A task that waits for room in PROVISIONING has no container instance and no zone yet.
        String zone = task.containerInstanceArn() == null ? null : zoneByInstance.get(task.containerInstanceArn());
        if (zone != null && task.availabilityZone() != null && !task.availabilityZone().equals(zone)) {
            throw new EcsAccessException("DescribeTasks", "task " + task.taskArn() + " reports Availability Zone "
                    + task.availabilityZone() + " but its container instance is in " + zone);
        }
        boolean protectedTask = protection != null && Boolean.TRUE.equals(protection.protectionEnabled());
        return new TaskSnapshot(task.taskArn(), task.containerInstanceArn(), zone, task.lastStatus(),
                task.desiredStatus(), task.healthStatusAsString() == null ? "UNKNOWN" : task.healthStatusAsString(),
                healthCheck, task.startedAt(), protectedTask, protectedTask ? protection.expirationDate() : null);
    }

    private static String schedulingStrategy(Service service) {
        return service.schedulingStrategyAsString() == null ? "REPLICA" : service.schedulingStrategyAsString();
    }

    private static int minimumHealthyPercent(Service service) {
        Integer value = service.deploymentConfiguration() == null
                ? null
                : service.deploymentConfiguration().minimumHealthyPercent();
        // ECS's default for a REPLICA service.
        return value == null ? 100 : value;
    }

    private static int maximumPercent(Service service) {
        Integer value = service.deploymentConfiguration() == null
                ? null
                : service.deploymentConfiguration().maximumPercent();
        return value == null ? 200 : value;
    }

    private static List<ServiceDeployment> deployments(Service service) {
        List<ServiceDeployment> deployments = new ArrayList<>();
        service.deployments().forEach(deployment -> deployments.add(new ServiceDeployment(deployment.id(),
                deployment.status(), deployment.rolloutStateAsString(), deployment.taskDefinition())));
        return deployments;
    }

    private static List<NativeRebalancingSupport.PlacementStrategy> placementStrategies(Service service) {
        return service.placementStrategy().stream()
                .map(strategy -> new NativeRebalancingSupport.PlacementStrategy(strategy.typeAsString(), strategy.field()))
                .toList();
    }

    private static List<NativeRebalancingSupport.PlacementConstraint> placementConstraints(Service service) {
        return service.placementConstraints().stream()
                .map(constraint -> new NativeRebalancingSupport.PlacementConstraint(
                        constraint.typeAsString(), constraint.expression()))
                .toList();
    }

    private Set<String> subnetZones(Service service) {
        Set<String> zones = new HashSet<>();
        if (service.networkConfiguration() == null || service.networkConfiguration().awsvpcConfiguration() == null) {
            return zones;
        }
        for (String subnet : service.networkConfiguration().awsvpcConfiguration().subnets()) {
            String zone = subnetAvailabilityZones.get(subnet);
            if (zone == null) {
                LOG.debug("event=unknown_subnet service={} subnet={}", service.serviceName(), subnet);
            } else {
                zones.add(zone);
            }
        }
        return zones;
    }

    private static void requireNoFailures(String operation, List<Failure> failures) {
        if (!failures.isEmpty()) {
            Failure first = failures.get(0);
            throw new EcsAccessException(operation, failures.size() + " failure(s), first: " + first.arn() + " "
                    + first.reason() + (first.detail() == null ? "" : " (" + first.detail() + ")"));
        }
    }

    private static int value(Integer value) {
        return value == null ? 0 : value;
    }

}
