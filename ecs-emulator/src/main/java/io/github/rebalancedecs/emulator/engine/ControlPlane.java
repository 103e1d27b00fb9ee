package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.Faults;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.RolloutState;
import io.github.rebalancedecs.emulator.ServiceEvent;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.emulator.TaskStatus;
import io.github.rebalancedecs.emulator.VirtualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated ECS control plane: clusters, container instances, services and tasks on a
 * virtual clock, with the service scheduler and native Availability Zone rebalancing.
 *
 * <p>Every public method takes the instance's lock, so HTTP handler threads, tests and the
 * scenario runner see consistent state. Time moves only through {@link #advance(Duration)}.
 */
public final class ControlPlane {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    /**
     * How long a RUNNING task without a container health check runs before the scheduler counts
     * it as healthy. The ECS API Reference (DeploymentConfiguration, minimumHealthyPercent) gives
     * 40 seconds for services without a load balancer.
     */
    static final Duration NO_HEALTH_CHECK_SETTLE_DURATION = Duration.ofSeconds(40);

    /** ECS uses the cluster named {@code default} when a request names none. */
    public static final String DEFAULT_CLUSTER = "default";

    private final EmulatorSettings settings;
    private final VirtualClock clock;
    private final Faults faults;
    private final Random random;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
    private final Deque<String> presetTaskIds = new ArrayDeque<>();
    private final Set<String> failedAvailabilityZones = new LinkedHashSet<>();
    private final ServiceScheduler scheduler;
    private final NativeRebalancer nativeRebalancer;
    private long nextDeploymentNumber = 1;

    public ControlPlane(EmulatorSettings settings, VirtualClock clock, Faults faults) {
        this.settings = settings;
        this.clock = clock;
        this.faults = faults;
        this.random = new Random(settings.seed());
        this.scheduler = new ServiceScheduler(this);
        this.nativeRebalancer = new NativeRebalancer(this, settings.nativeRebalancingDetectionDelay());
    }

    /** Runs {@code action} under the control plane's lock. */
    public synchronized <T> T execute(Supplier<T> action) {
        return action.get();
    }

    public EmulatorSettings settings() {
        return settings;
    }

    public Instant now() {
        return clock.now();
    }

    // ---------------------------------------------------------------- lookups

    /** Returns every cluster in creation order. */
    public synchronized Collection<Cluster> clusters() {
        return Collections.unmodifiableCollection(new ArrayList<>(clusters.values()));
    }

    /** Returns the cluster by name or ARN ({@code default} when {@code reference} is null), or null. */
    public synchronized Cluster findCluster(String reference) {
        String name = reference == null || reference.isBlank() ? DEFAULT_CLUSTER : lastSegment(reference);
        return clusters.get(name);
    }

    /** Returns the cluster by name or ARN, or throws ClusterNotFoundException. */
    public synchronized Cluster cluster(String reference) {
        Cluster cluster = findCluster(reference);
        if (cluster == null) {
            throw EcsApiException.clusterNotFound();
        }
        return cluster;
    }

    /** Returns the service by name or ARN, or throws ServiceNotFoundException. */
    public synchronized Service service(Cluster cluster, String reference) {
        Service service = reference == null ? null : cluster.service(lastSegment(reference));
        if (service == null) {
            throw EcsApiException.serviceNotFound();
        }
        return service;
    }

    /** Returns the task by ID or ARN, or null. */
    public synchronized Task findTask(Cluster cluster, String reference) {
        return reference == null ? null : cluster.task(lastSegment(reference));
    }

    /** Returns the container instance by ID or ARN, or null. */
    public synchronized ContainerInstance findContainerInstance(Cluster cluster, String reference) {
        return reference == null ? null : cluster.containerInstance(lastSegment(reference));
    }

    /**
     * Returns the task definition named by ARN, {@code family:revision} or {@code family} (the
     * latest revision), or null.
     */
    public synchronized TaskDefinition findTaskDefinition(String reference) {
        if (reference == null) {
            return null;
        }
        String name = reference.startsWith("arn:") ? reference.substring(reference.indexOf('/') + 1) : reference;
        TaskDefinition latest = null;
        for (TaskDefinition definition : taskDefinitions.values()) {
            if (name.equals(definition.family() + ":" + definition.revision())) {
                return definition;
            }
            if (name.equals(definition.family()) && (latest == null || definition.revision() > latest.revision())) {
                latest = definition;
            }
        }
        return latest;
    }

    public synchronized Set<String> failedAvailabilityZones() {
        return Set.copyOf(failedAvailabilityZones);
    }

    // ---------------------------------------------------------------- set-up

    public synchronized Cluster createCluster(String name) {
        if (!name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw new IllegalArgumentException(
                    "A cluster name must be 1 to 255 letters, digits, hyphens or underscores, got '" + name + "'");
        }
        if (clusters.containsKey(name)) {
            throw new IllegalArgumentException("A cluster named " + name + " already exists");
        }
        Cluster cluster = new Cluster(name, arn("cluster/" + name), now());
        clusters.put(name, cluster);
        return cluster;
    }

    public synchronized ContainerInstance registerContainerInstance(String clusterName, ContainerInstanceSpec spec) {
        Cluster cluster = requireCluster(clusterName);
        String id = spec.containerInstanceId() != null ? spec.containerInstanceId() : newHexId();
        if (cluster.containerInstance(id) != null) {
            throw new IllegalArgumentException("Container instance " + id + " is already registered in " + clusterName);
        }
        String ec2InstanceId = spec.ec2InstanceId() != null ? spec.ec2InstanceId() : "i-" + newHexId().substring(0, 17);
        ContainerInstance instance = new ContainerInstance(id, arn("container-instance/" + cluster.name() + "/" + id),
                ec2InstanceId, spec.availabilityZone(), spec.cpu(), spec.memory(), spec.reservedPorts(),
                spec.instanceType(), spec.attributes(), now());
        if (failedAvailabilityZones.contains(spec.availabilityZone())) {
            instance.setAgentConnected(false);
        }
        cluster.add(instance);
        LOG.debug("event=container_instance_registered cluster={} containerInstance={} availabilityZone={}",
                cluster.name(), id, spec.availabilityZone());
        return instance;
    }

    public synchronized Service createService(String clusterName, ServiceSpec spec) {
        Cluster cluster = requireCluster(clusterName);
        if (cluster.service(spec.serviceName()) != null) {
            throw new IllegalArgumentException(
                    "A service named " + spec.serviceName() + " already exists in cluster " + clusterName);
        }
        Service service = new Service(cluster, spec, arn("service/" + cluster.name() + "/" + spec.serviceName()),
                taskDefinitionFor(spec), newDeploymentId(), now());
        cluster.add(service);
        return service;
    }

    /**
     * Places a task of the service on the container instance as already RUNNING, to set up the
     * initial state of a test or scenario. The task is HEALTHY when its task definition defines a
     * health check, and UNKNOWN for good otherwise, as in ECS.
     *
     * @param taskId the 32-character task ID, or {@code null} to draw one
     */
    public synchronized Task placeRunningTask(String clusterName, String serviceName, String containerInstanceId,
            String taskId) {
        Cluster cluster = requireCluster(clusterName);
        Service service = cluster.service(serviceName);
        if (service == null) {
            throw new IllegalArgumentException("No service " + serviceName + " in cluster " + clusterName);
        }
        ContainerInstance instance = cluster.containerInstance(containerInstanceId);
        if (instance == null) {
            throw new IllegalArgumentException(
                    "No container instance " + containerInstanceId + " in cluster " + clusterName);
        }
        if (!instance.acceptsTasks() || !TaskPlacement.fits(service, instance)) {
            throw new IllegalArgumentException("Container instance " + containerInstanceId
                    + " cannot host another task of " + serviceName + ": it is not ACTIVE or lacks CPU, memory or ports");
        }
        if (taskId != null && !taskId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("A task ID must be 32 lowercase hexadecimal characters, got " + taskId);
        }
        Task task = newTask(service.primaryDeployment(), taskId != null ? taskId : newHexId(), null);
        task.place(instance, now(), now(), false);
        task.markRunning(now(), now());
        if (task.taskDefinition().healthCheck()) {
            task.setHealthStatus(HealthStatus.HEALTHY);
        } else {
            task.markCountedAsHealthy();
        }
        return task;
    }

    /** Registers the next revision of the spec's family, as RegisterTaskDefinition does. */
    public synchronized TaskDefinition registerTaskDefinition(TaskDefinitionSpec spec) {
        int revision = 0;
        for (TaskDefinition definition : taskDefinitions.values()) {
            if (definition.family().equals(spec.family())) {
                revision = Math.max(revision, definition.revision());
            }
        }
        TaskDefinition definition = addTaskDefinition(spec.family(), revision + 1, spec.cpu(), spec.memory(),
                spec.hostPorts(), spec.healthCheck());
        LOG.info("event=task_definition_registered taskDefinition={}", definition.arn());
        return definition;
    }

    /** Queues task IDs that the scheduler gives, in order, to the next tasks it starts. */
    public synchronized void queueTaskIds(List<String> taskIds) {
        for (String taskId : taskIds) {
            if (!taskId.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("A task ID must be 32 lowercase hexadecimal characters, got " + taskId);
            }
        }
        presetTaskIds.addAll(taskIds);
    }

    // ---------------------------------------------------------------- API mutations

    /** Applies an UpdateService request; ECS validates the whole request before it changes anything. */
    public synchronized void updateService(Service service, ServiceUpdate update) {
        if (update.desiredCount() != null && update.desiredCount() < 0) {
            throw EcsApiException.invalidParameter("desiredCount must be at least 0, got " + update.desiredCount());
        }
        int minimum = update.minimumHealthyPercent() != null
                ? update.minimumHealthyPercent() : service.minimumHealthyPercent();
        int maximum = update.maximumPercent() != null ? update.maximumPercent() : service.maximumPercent();
        if (minimum < 0 || minimum > 100) {
            throw EcsApiException.invalidParameter("minimumHealthyPercent must be between 0 and 100, got " + minimum);
        }
        if (maximum < 100) {
            throw EcsApiException.invalidParameter("maximumPercent must be at least 100, got " + maximum);
        }
        if (update.placementStrategies() != null && update.placementStrategies().size() > 5) {
            throw EcsApiException.tooManyItems("placementStrategy", 5);
        }
        if (update.placementConstraints() != null && update.placementConstraints().size() > 10) {
            throw EcsApiException.tooManyItems("placementConstraints", 10);
        }
        if (update.placementConstraints() != null) {
            for (PlacementConstraint constraint : update.placementConstraints()) {
                if (constraint.type().equals("memberOf")) {
                    ClusterQuery.parse(constraint.expression());
                }
            }
        }
        TaskDefinition taskDefinition = null;
        if (update.taskDefinition() != null) {
            taskDefinition = findTaskDefinition(update.taskDefinition());
            if (taskDefinition == null) {
                throw EcsApiException.client("TaskDefinition not found.");
            }
        }

        if (update.desiredCount() != null && !service.daemon()) {
            service.setDesiredCount(update.desiredCount(), now());
        }
        if (update.availabilityZoneRebalancing() != null) {
            service.setAvailabilityZoneRebalancing(update.availabilityZoneRebalancing());
        }
        if (update.placementStrategies() != null || update.placementConstraints() != null) {
            service.setPlacement(
                    update.placementStrategies() != null ? update.placementStrategies() : service.placementStrategies(),
                    update.placementConstraints() != null
                            ? update.placementConstraints() : service.placementConstraints());
        }
        service.setDeploymentPercents(minimum, maximum);
        service.touch(now());

        // A changed service starts its rebalancing from scratch, as the scheduler re-evaluates it.
        service.setRebalancingRound(null);
        service.setImbalancedSince(null);
        LOG.info("event=service_updated cluster={} service={} desiredCount={} availabilityZoneRebalancing={}",
                service.cluster().name(), service.name(), service.desiredCount(),
                service.availabilityZoneRebalancing() ? "ENABLED" : "DISABLED");

        // ECS starts a deployment for a new task definition, or for the same one when forced.
        TaskDefinition current = service.primaryDeployment().taskDefinition();
        boolean newRevision = taskDefinition != null && taskDefinition != current;
        if (newRevision || update.forceNewDeployment()) {
            startDeployment(service, newRevision ? taskDefinition : current);
        }
        service.deployments().forEach(deployment -> deployment.refreshUpdatedAt(now()));
    }

    /**
     * Starts a rolling deployment of the task definition: it becomes the PRIMARY deployment with
     * rollout state IN_PROGRESS, and the previous PRIMARY turns ACTIVE, keeping the tasks it has
     * until the scheduler replaces them. A native rebalancing round in progress ends, because the
     * deployment replaces its tasks anyway.
     */
    public synchronized Deployment startDeployment(Service service, TaskDefinition taskDefinition) {
        Deployment previous = service.primaryDeployment();
        int tasksToKeep = (int) ServiceScheduler.activeTasks(service).stream()
                .filter(task -> task.deployment() == previous)
                .count();
        Deployment deployment = new Deployment(newDeploymentId(), service, taskDefinition, RolloutState.IN_PROGRESS,
                now());
        service.addDeployment(deployment, tasksToKeep);
        deployment.refreshUpdatedAt(now());
        service.setRebalancingRound(null);
        service.setImbalancedSince(null);
        LOG.info("event=deployment_started cluster={} service={} deployment={} taskDefinition={} replaces={}",
                service.cluster().name(), service.name(), deployment.id(), taskDefinition.arn(), previous.id());
        return deployment;
    }

    /** Sets a task's desired status to STOPPED; the next ticks move it through STOPPING to STOPPED. */
    public synchronized void stopTask(Task task, String reason, String stopCode) {
        if (task.lastStatus() == TaskStatus.STOPPED) {
            return;
        }
        task.requestStop(reason, stopCode);
        LOG.info("event=task_stop_requested cluster={} service={} task={} stopCode={} reason=\"{}\"",
                task.service().cluster().name(), task.service().name(), task.id(), stopCode, reason);
    }

    /**
     * Sets or clears scale-in protection.
     *
     * @param expiresInMinutes minutes until protection ends; ECS allows 1 to 2880 and defaults to 120
     */
    public synchronized void setTaskProtection(Task task, boolean enabled, int expiresInMinutes) {
        task.setProtection(enabled ? now().plus(Duration.ofMinutes(expiresInMinutes)) : null);
    }

    // ---------------------------------------------------------------- control actions

    /** Sets the status of a container instance that is not INACTIVE to any status but INACTIVE. */
    public synchronized void setContainerInstanceStatus(String clusterName, String containerInstanceId,
            ContainerInstanceStatus status) {
        ContainerInstance instance = requireContainerInstance(clusterName, containerInstanceId);
        if (status == ContainerInstanceStatus.INACTIVE) {
            throw new IllegalArgumentException("Use stopContainerInstance to make an instance INACTIVE");
        }
        if (instance.status() == ContainerInstanceStatus.INACTIVE) {
            throw new IllegalArgumentException("Container instance " + containerInstanceId + " is INACTIVE");
        }
        instance.setStatus(status);
        LOG.info("event=container_instance_status cluster={} containerInstance={} status={}",
                clusterName, containerInstanceId, status);
    }

    /**
     * Stops the EC2 instance behind a container instance: its tasks stop at once and the container
     * instance becomes INACTIVE, as when an instance stops or terminates.
     */
    public synchronized void stopContainerInstance(String clusterName, String containerInstanceId) {
        ContainerInstance instance = requireContainerInstance(clusterName, containerInstanceId);
        String reason = "Host EC2 (instance " + instance.ec2InstanceId() + ") stopped/terminated.";
        stopResidentTasks(instance, reason);
        instance.setStatus(ContainerInstanceStatus.INACTIVE);
        instance.setAgentConnected(false);
        LOG.info("event=container_instance_stopped cluster={} containerInstance={} availabilityZone={}",
                clusterName, containerInstanceId, instance.availabilityZone());
    }

    /**
     * Fails an Availability Zone: every container instance in it loses its agent connection and
     * its tasks stop, so the scheduler replaces them in other AZs. Instances registered in the AZ
     * while it is failed start disconnected.
     */
    public synchronized void failAvailabilityZone(String availabilityZone) {
        failedAvailabilityZones.add(availabilityZone);
        for (Cluster cluster : clusters.values()) {
            for (ContainerInstance instance : cluster.containerInstances()) {
                if (instance.availabilityZone().equals(availabilityZone)) {
                    stopResidentTasks(instance, "Container instance " + instance.id()
                            + " is unreachable because Availability Zone " + availabilityZone + " failed.");
                    instance.setAgentConnected(false);
                }
            }
        }
        LOG.info("event=availability_zone_failed availabilityZone={}", availabilityZone);
    }

    /** Restores a failed Availability Zone: the agents of its instances that are not INACTIVE reconnect. */
    public synchronized void restoreAvailabilityZone(String availabilityZone) {
        failedAvailabilityZones.remove(availabilityZone);
        for (Cluster cluster : clusters.values()) {
            for (ContainerInstance instance : cluster.containerInstances()) {
                if (instance.availabilityZone().equals(availabilityZone)
                        && instance.status() != ContainerInstanceStatus.INACTIVE) {
                    instance.setAgentConnected(true);
                }
            }
        }
        LOG.info("event=availability_zone_restored availabilityZone={}", availabilityZone);
    }

    /** Sets a task's health status, for example UNHEALTHY to make the scheduler replace it. */
    public synchronized void setTaskHealth(String clusterName, String taskId, HealthStatus healthStatus) {
        Task task = requireCluster(clusterName).task(taskId);
        if (task == null) {
            throw new IllegalArgumentException("No task " + taskId + " in cluster " + clusterName);
        }
        task.setHealthStatus(healthStatus);
    }

    // ---------------------------------------------------------------- time

    /** Advances the virtual clock by {@code duration} in ticks, running the scheduler on each tick. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        Instant target = now().plus(duration);
        while (now().isBefore(target)) {
            Instant next = now().plus(settings.tickInterval());
            clock.moveTo(next.isAfter(target) ? target : next);
            tick();
        }
    }

    /** Runs one scheduler pass at the current virtual time without moving the clock. */
    public synchronized void tick() {
        for (Cluster cluster : clusters.values()) {
            advanceTaskLifecycles(cluster);
            for (Service service : cluster.services()) {
                scheduler.run(service);
                nativeRebalancer.run(service);
            }
        }
    }

    // ---------------------------------------------------------------- used by the scheduler

    Faults faults() {
        return faults;
    }

    Random random() {
        return random;
    }

    /** Creates a PROVISIONING task of the service's PRIMARY deployment, for the scheduler to place. */
    Task createTask(Service service, String requiredAvailabilityZone) {
        return createTask(service.primaryDeployment(), requiredAvailabilityZone);
    }

    /** Creates a PROVISIONING task of the deployment, for the scheduler to place on this or a later tick. */
    Task createTask(Deployment deployment, String requiredAvailabilityZone) {
        String id = presetTaskIds.isEmpty() ? newHexId() : presetTaskIds.removeFirst();
        return newTask(deployment, id, requiredAvailabilityZone);
    }

    /** Places a PROVISIONING task on the instance; it runs after the start duration, plus any slow-start fault. */
    void place(Task task, ContainerInstance instance) {
        String zone = instance.availabilityZone();
        Instant runningAt = now().plus(settings.taskStartDuration()).plus(faults.extraStartDelay(zone));
        task.place(instance, now(), runningAt, faults.taskStartFails(zone));
        LOG.debug("event=task_placed cluster={} service={} task={} containerInstance={} availabilityZone={}",
                task.service().cluster().name(), task.service().name(), task.id(), instance.id(), zone);
    }

    void addEvent(Service service, String message) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        service.addEvent(new ServiceEvent(id, now(), message));
        LOG.info("event=service_event cluster={} service={} message=\"{}\"",
                service.cluster().name(), service.name(), message);
    }

    // ---------------------------------------------------------------- internals

    private void advanceTaskLifecycles(Cluster cluster) {
        Instant now = now();
        List<Task> expired = new ArrayList<>();
        for (Task task : cluster.tasks()) {
            advanceTaskLifecycle(task, now);
            if (task.lastStatus() == TaskStatus.STOPPED
                    && !now.isBefore(task.stoppedAt().plus(settings.stoppedTaskRetention()))) {
                expired.add(task);
            }
        }
        expired.forEach(cluster::remove);
    }

    private void advanceTaskLifecycle(Task task, Instant now) {
        if (task.desiredStatus() == TaskStatus.STOPPED) {
            switch (task.lastStatus()) {
                case PROVISIONING -> task.markStopped(now);
                case PENDING, RUNNING -> {
                    Instant stoppedAt = now.plus(settings.taskStopDuration());
                    task.markStopping(now, stoppedAt);
                    if (!stoppedAt.isAfter(now)) {
                        task.markStopped(now);
                    }
                }
                case STOPPING -> {
                    if (!now.isBefore(task.nextTransitionAt())) {
                        task.markStopped(now);
                    }
                }
                default -> {
                    // STOPPED is final.
                }
            }
            return;
        }

        if (task.lastStatus() == TaskStatus.PENDING && !now.isBefore(task.nextTransitionAt())) {
            // NOTE: ECS throttles a service whose tasks keep failing to start; the emulator's
            // scheduler starts a replacement on the next tick, without that back-off.
            if (task.failsToStart()) {
                task.deployment().recordFailedTask();
                task.requestStop("Task failed to start: the emulator injected a start failure in "
                        + task.availabilityZone() + ".", "TaskFailedToStart");
                task.markStopped(now);
                return;
            }
            Duration untilHealthy = task.taskDefinition().healthCheck()
                    ? settings.healthCheckDuration()
                    : NO_HEALTH_CHECK_SETTLE_DURATION;
            task.markRunning(now, now.plus(untilHealthy));
        }
        if (task.lastStatus() == TaskStatus.RUNNING && !now.isBefore(task.healthyAt())) {
            if (!task.taskDefinition().healthCheck()) {
                // Without a container health check, ECS keeps reporting UNKNOWN for as long as the
                // task runs. The scheduler counts the task as healthy from now on.
                task.markCountedAsHealthy();
            } else if (task.healthStatus() == HealthStatus.UNKNOWN) {
                task.setHealthStatus(HealthStatus.HEALTHY);
            }
        }
    }

    private void stopResidentTasks(ContainerInstance instance, String reason) {
        for (Task task : new ArrayList<>(instance.residentTasks())) {
            task.requestStop(reason, "TerminationNotice");
            task.markStopped(now());
        }
    }

    /** Returns the family's revision with the spec's resources, registering a new revision when none matches. */
    private TaskDefinition taskDefinitionFor(ServiceSpec spec) {
        int revision = 0;
        for (TaskDefinition definition : taskDefinitions.values()) {
            if (definition.family().equals(spec.taskDefinitionFamily())) {
                if (definition.sameRequirements(spec.taskCpu(), spec.taskMemory(), spec.hostPorts(),
                        spec.taskHealthCheck())) {
                    return definition;
                }
                revision = Math.max(revision, definition.revision());
            }
        }
        return addTaskDefinition(spec.taskDefinitionFamily(), revision + 1, spec.taskCpu(), spec.taskMemory(),
                spec.hostPorts(), spec.taskHealthCheck());
    }

    private TaskDefinition addTaskDefinition(String family, int revision, int cpu, int memory,
            List<Integer> hostPorts, boolean healthCheck) {
        TaskDefinition definition = new TaskDefinition(arn("task-definition/" + family + ":" + revision), family,
                revision, cpu, memory, hostPorts, healthCheck, now());
        taskDefinitions.put(definition.arn(), definition);
        return definition;
    }

    private Task newTask(Deployment deployment, String id, String requiredAvailabilityZone) {
        Cluster cluster = deployment.service().cluster();
        if (cluster.task(id) != null) {
            throw new IllegalArgumentException("Task ID " + id + " is already used in cluster " + cluster.name());
        }
        Task task = new Task(id, arn("task/" + cluster.name() + "/" + id), deployment, now(), requiredAvailabilityZone);
        cluster.add(task);
        return task;
    }

    /** Returns a deployment ID of the ECS form, {@code ecs-svc/} and 19 digits, unique within the emulator. */
    private String newDeploymentId() {
        return "ecs-svc/" + String.format("%019d", nextDeploymentNumber++ * 7919L + 1234567890123456L);
    }

    private Cluster requireCluster(String clusterName) {
        Cluster cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new IllegalArgumentException("No cluster named " + clusterName + "; create it first");
        }
        return cluster;
    }

    private ContainerInstance requireContainerInstance(String clusterName, String containerInstanceId) {
        ContainerInstance instance = requireCluster(clusterName).containerInstance(lastSegment(containerInstanceId));
        if (instance == null) {
            throw new IllegalArgumentException(
                    "No container instance " + containerInstanceId + " in cluster " + clusterName);
        }
        return instance;
    }

    private String arn(String resource) {
        return "arn:aws:ecs:" + settings.region() + ":" + settings.accountId() + ":" + resource;
    }

    private String newHexId() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** Returns the name or ID at the end of an ARN, or the reference itself when it is not an ARN. */
    static String lastSegment(String reference) {
        int slash = reference.lastIndexOf('/');
        return reference.startsWith("arn:") && slash >= 0 ? reference.substring(slash + 1) : reference;
    }
}
