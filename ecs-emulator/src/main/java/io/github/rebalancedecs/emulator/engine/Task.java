package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task of a service with its lifecycle timestamps. Guarded by the control plane's lock. */
public final class Task {

    private final String id;
    private final String arn;
    private final Service service;
    private final Deployment deployment;
    private final Instant createdAt;
    private final int cpu;
    private final int memory;
    private final List<Integer> hostPorts;
    private final String requiredAvailabilityZone;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private ContainerInstance containerInstance;
    private TaskStatus lastStatus = TaskStatus.PROVISIONING;
    private TaskStatus desiredStatus = TaskStatus.RUNNING;
    private HealthStatus healthStatus = HealthStatus.UNKNOWN;
    private Instant pullStartedAt;
    private Instant startedAt;
    private Instant stoppingAt;
    private Instant stoppedAt;
    private Instant nextTransitionAt;
    private Instant healthyAt;
    private boolean countedAsHealthy;
    private String stoppedReason;
    private String stopCode;
    private boolean failsToStart;
    private Instant protectionExpiresAt;
    private long version = 1;

    Task(String id, String arn, Deployment deployment, Instant createdAt, String requiredAvailabilityZone) {
        this.id = id;
        this.arn = arn;
        this.service = deployment.service();
        this.deployment = deployment;
        this.createdAt = createdAt;
        this.cpu = deployment.taskDefinition().cpu();
        this.memory = deployment.taskDefinition().memory();
        this.hostPorts = deployment.taskDefinition().hostPorts();
        this.requiredAvailabilityZone = requiredAvailabilityZone;
    }

    public String id() {
        return id;
    }

    public String arn() {
        return arn;
    }

    public Service service() {
        return service;
    }

    /** Returns the deployment that started the task, whose ID the task reports in {@code startedBy}. */
    public Deployment deployment() {
        return deployment;
    }

    /** Returns the task definition revision the task runs: its deployment's. */
    public TaskDefinition taskDefinition() {
        return deployment.taskDefinition();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public int cpu() {
        return cpu;
    }

    public int memory() {
        return memory;
    }

    public List<Integer> hostPorts() {
        return hostPorts;
    }

    /** Returns the Availability Zone this task must be placed in, or {@code null} for any. */
    public String requiredAvailabilityZone() {
        return requiredAvailabilityZone;
    }

    public Map<String, String> tags() {
        return tags;
    }

    /** Returns the container instance, or {@code null} while the task is PROVISIONING. */
    public ContainerInstance containerInstance() {
        return containerInstance;
    }

    /** Returns the Availability Zone of the container instance, or {@code null} while PROVISIONING. */
    public String availabilityZone() {
        return containerInstance == null ? null : containerInstance.availabilityZone();
    }

    public TaskStatus lastStatus() {
        return lastStatus;
    }

    public TaskStatus desiredStatus() {
        return desiredStatus;
    }

    public HealthStatus healthStatus() {
        return healthStatus;
    }

    public Instant pullStartedAt() {
        return pullStartedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant stoppingAt() {
        return stoppingAt;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }

    public String stoppedReason() {
        return stoppedReason;
    }

    public String stopCode() {
        return stopCode;
    }

    public long version() {
        return version;
    }

    /** Returns the end of scale-in protection, or {@code null} when the task is not protected. */
    public Instant protectionExpiresAt() {
        return protectionExpiresAt;
    }

    public boolean isProtected(Instant now) {
        return protectionExpiresAt != null && now.isBefore(protectionExpiresAt);
    }

    /** Returns true while the service counts this task: its desired status is RUNNING. */
    public boolean isActive() {
        return desiredStatus == TaskStatus.RUNNING;
    }

    /**
     * Returns true for a RUNNING task that the scheduler counts as healthy. With a container
     * health check, that is once the check passed. Without one, ECS has no other signal, so it is
     * once the task has run for 40 seconds, unless a test marked it UNHEALTHY.
     *
     * <p>NOTE: ECS documents the 40 seconds for the minimum healthy percent during deployments.
     * The emulator applies the same rule wherever it counts healthy tasks (draining, native
     * rebalancing, steady state), where ECS documents none.
     */
    public boolean isRunningAndHealthy() {
        if (lastStatus != TaskStatus.RUNNING) {
            return false;
        }
        if (taskDefinition().healthCheck()) {
            return healthStatus == HealthStatus.HEALTHY;
        }
        return countedAsHealthy && healthStatus != HealthStatus.UNHEALTHY;
    }

    Instant nextTransitionAt() {
        return nextTransitionAt;
    }

    Instant healthyAt() {
        return healthyAt;
    }

    boolean failsToStart() {
        return failsToStart;
    }

    void place(ContainerInstance instance, Instant now, Instant runningAt, boolean failsToStart) {
        this.containerInstance = instance;
        this.lastStatus = TaskStatus.PENDING;
        this.pullStartedAt = now;
        this.nextTransitionAt = runningAt;
        this.failsToStart = failsToStart;
        instance.addResident(this);
        version++;
    }

    void markRunning(Instant now, Instant healthyAt) {
        this.lastStatus = TaskStatus.RUNNING;
        this.startedAt = now;
        this.healthyAt = healthyAt;
        this.nextTransitionAt = null;
        version++;
    }

    /** Marks a RUNNING task without a container health check as counted healthy. Its status stays UNKNOWN. */
    void markCountedAsHealthy() {
        this.countedAsHealthy = true;
    }

    void setHealthStatus(HealthStatus healthStatus) {
        if (this.healthStatus != healthStatus) {
            this.healthStatus = healthStatus;
            version++;
        }
    }

    /** Sets the desired status to STOPPED; the lifecycle pass moves the task through STOPPING. */
    void requestStop(String reason, String code) {
        if (desiredStatus == TaskStatus.STOPPED) {
            return;
        }
        this.desiredStatus = TaskStatus.STOPPED;
        this.stoppedReason = reason;
        this.stopCode = code;
        version++;
    }

    void markStopping(Instant now, Instant stoppedAtTime) {
        this.lastStatus = TaskStatus.STOPPING;
        this.stoppingAt = now;
        this.nextTransitionAt = stoppedAtTime;
        version++;
    }

    void markStopped(Instant now) {
        if (stoppingAt == null) {
            stoppingAt = now;
        }
        this.lastStatus = TaskStatus.STOPPED;
        this.desiredStatus = TaskStatus.STOPPED;
        this.stoppedAt = now;
        this.nextTransitionAt = null;
        if (containerInstance != null) {
            containerInstance.removeResident(this);
        }
        version++;
    }

    void setProtection(Instant expiresAt) {
        this.protectionExpiresAt = expiresAt;
    }
}
