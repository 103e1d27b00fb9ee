package io.github.rebalancedecs.emulator;

import io.github.rebalancedecs.emulator.engine.Cluster;
import io.github.rebalancedecs.emulator.engine.ContainerInstance;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.Deployment;
import io.github.rebalancedecs.emulator.engine.Service;
import io.github.rebalancedecs.emulator.engine.Task;
import io.github.rebalancedecs.emulator.engine.TaskDefinition;
import io.github.rebalancedecs.emulator.protocol.EmulatorHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A local Amazon ECS control plane on 127.0.0.1 that speaks the ECS JSON 1.1 wire protocol, so
 * the unmodified AWS SDK for Java v2 {@code EcsClient} can talk to it through
 * {@code endpointOverride}.
 *
 * <p>The emulator keeps clusters, container instances, services and tasks on a virtual clock.
 * Time moves only through {@link #advance(Duration)}: on each tick the service scheduler
 * places, replaces and scales in tasks, and native Availability Zone rebalancing acts on services
 * that enable it. Every random choice is drawn from a seeded source, so a test gives the same
 * result on every run.
 *
 * <p>Usage in a JUnit 5 test ({@code UsageExampleTest} runs this example):
 * <pre>{@code
 * try (EcsEmulator emulator = EcsEmulator.builder().seed(42).start()) {
 *     emulator.createCluster("prod");
 *     String instanceA = emulator.registerContainerInstance("prod",
 *             ContainerInstanceSpec.builder().availabilityZone("us-east-1a").cpu(2048).memory(4096).build());
 *     emulator.registerContainerInstance("prod",
 *             ContainerInstanceSpec.builder().availabilityZone("us-east-1b").build());
 *     emulator.createService("prod", ServiceSpec.builder()
 *             .serviceName("web")
 *             .desiredCount(2)
 *             .taskCpu(256).taskMemory(512)
 *             .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones()))
 *             .build());
 *     emulator.advance(Duration.ofMinutes(1));            // tasks start and pass their health check
 *
 *     EcsClient ecs = EcsClient.builder()
 *             .endpointOverride(emulator.endpoint())
 *             .region(Region.of(emulator.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *             .httpClient(UrlConnectionHttpClient.create())
 *             .build();
 *     ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns();   // two task ARNs
 *
 *     emulator.stopContainerInstance("prod", instanceA);  // its task stops; the scheduler replaces it
 *     emulator.advance(Duration.ofMinutes(1));
 *     emulator.runningTasksPerAvailabilityZone("prod", "web");  // {us-east-1b=2}
 * }
 * }</pre>
 *
 * <p>The same operations are open to other processes on a small JSON control endpoint under
 * {@code /emulator/} on the same port; see {@link EmulatorHttpServer}.
 */
public final class EcsEmulator implements AutoCloseable {

    private final EmulatorSettings settings;
    private final VirtualClock clock;
    private final Faults faults;
    private final RequestLog requestLog;
    private final ControlPlane controlPlane;
    private EmulatorHttpServer server;
    // Written by the thread that sets the emulator up and read by the HTTP handler threads.
    private volatile Consumer<Duration> clockAdvancer = this::advance;

    private EcsEmulator(EmulatorSettings settings) {
        this.settings = settings;
        this.clock = new VirtualClock(settings.startTime());
        this.faults = new Faults(settings.seed());
        this.requestLog = new RequestLog();
        this.controlPlane = new ControlPlane(settings, clock, faults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an emulator with the default settings on an ephemeral port. */
    public static EcsEmulator start() {
        return builder().start();
    }

    /** Starts an emulator with the given settings. */
    public static EcsEmulator start(EmulatorSettings settings) {
        EcsEmulator emulator = new EcsEmulator(settings);
        try {
            emulator.server = EmulatorHttpServer.start(settings.port(), emulator.controlPlane, emulator.faults,
                    emulator.requestLog, emulator);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to bind the ECS emulator to 127.0.0.1:" + settings.port(), e);
        }
        return emulator;
    }

    /** Returns the HTTP endpoint to pass to {@code EcsClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return server.endpoint();
    }

    public String region() {
        return settings.region();
    }

    public EmulatorSettings settings() {
        return settings;
    }

    public VirtualClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.now();
    }

    /** Returns the fault injection settings, which apply from the next request or tick on. */
    public Faults faults() {
        return faults;
    }

    /** Returns the log of every ECS API request, to count API calls. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** Returns the control plane behind the wire protocol, for the scenario runner. */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    // ---------------------------------------------------------------- set-up

    public void createCluster(String clusterName) {
        controlPlane.createCluster(clusterName);
    }

    /** Registers a container instance and returns its ID; it is ACTIVE at once. */
    public String registerContainerInstance(String clusterName, ContainerInstanceSpec spec) {
        return controlPlane.registerContainerInstance(clusterName, spec).id();
    }

    /** Registers a container instance with 2048 CPU units and 4096 MiB in the AZ and returns its ID. */
    public String registerContainerInstance(String clusterName, String availabilityZone) {
        return registerContainerInstance(clusterName,
                ContainerInstanceSpec.builder().availabilityZone(availabilityZone).build());
    }

    /** Creates a service; the scheduler starts its tasks on the next tick. */
    public void createService(String clusterName, ServiceSpec spec) {
        controlPlane.createService(clusterName, spec);
    }

    /**
     * Places a task of the service on the instance as already RUNNING and HEALTHY, to set up a
     * starting distribution (for example two tasks in one AZ) without the scheduler's choice.
     *
     * @param taskId the 32-character task ID, or {@code null} to draw one
     * @return the task ID
     */
    public String placeRunningTask(String clusterName, String serviceName, String containerInstanceId, String taskId) {
        return controlPlane.placeRunningTask(clusterName, serviceName, containerInstanceId, taskId).id();
    }

    /** Registers the next revision of the spec's family, as RegisterTaskDefinition does, and returns its ARN. */
    public String registerTaskDefinition(TaskDefinitionSpec spec) {
        return controlPlane.registerTaskDefinition(spec).arn();
    }

    /** Gives these IDs, in order, to the next tasks the scheduler starts, so output can match recorded cases. */
    public void queueTaskIds(List<String> taskIds) {
        controlPlane.queueTaskIds(taskIds);
    }

    // ---------------------------------------------------------------- control actions

    /** Sets the container instance to DRAINING: the scheduler replaces its service tasks elsewhere. */
    public void drainContainerInstance(String clusterName, String containerInstanceId) {
        controlPlane.setContainerInstanceStatus(clusterName, containerInstanceId, ContainerInstanceStatus.DRAINING);
    }

    /** Sets a DRAINING container instance back to ACTIVE. */
    public void activateContainerInstance(String clusterName, String containerInstanceId) {
        controlPlane.setContainerInstanceStatus(clusterName, containerInstanceId, ContainerInstanceStatus.ACTIVE);
    }

    /**
     * Sets the container instance's status, for example to DEREGISTERING, a state the emulator
     * does not reach by itself. Tasks already on the instance keep running, and only DRAINING
     * makes the scheduler move them.
     *
     * @throws IllegalArgumentException when {@code status} is INACTIVE (use
     *                                  {@link #stopContainerInstance}) or the instance is INACTIVE
     */
    public void setContainerInstanceStatus(String clusterName, String containerInstanceId,
            ContainerInstanceStatus status) {
        controlPlane.setContainerInstanceStatus(clusterName, containerInstanceId, status);
    }

    /** Stops the EC2 instance: its tasks stop at once and the container instance becomes INACTIVE. */
    public void stopContainerInstance(String clusterName, String containerInstanceId) {
        controlPlane.stopContainerInstance(clusterName, containerInstanceId);
    }

    /** Fails an Availability Zone: its agents disconnect and its tasks stop. */
    public void failAvailabilityZone(String availabilityZone) {
        controlPlane.failAvailabilityZone(availabilityZone);
    }

    /** Restores a failed Availability Zone: its agents reconnect; the tasks that stopped stay stopped. */
    public void restoreAvailabilityZone(String availabilityZone) {
        controlPlane.restoreAvailabilityZone(availabilityZone);
    }

    /** Sets a task's health status; the scheduler stops and replaces an UNHEALTHY task on the next tick. */
    public void setTaskHealth(String clusterName, String taskId, HealthStatus healthStatus) {
        controlPlane.setTaskHealth(clusterName, taskId, healthStatus);
    }

    /**
     * Starts a rolling deployment of the task definition, as UpdateService with
     * {@code taskDefinition} and {@code forceNewDeployment} does: it becomes the PRIMARY
     * deployment, IN_PROGRESS, and the scheduler replaces the older tasks on the next ticks.
     *
     * @param taskDefinition an ARN, {@code family:revision}, or {@code family} for its latest revision
     * @return the new deployment's ID
     * @throws IllegalArgumentException when no such task definition is registered
     */
    public String startDeployment(String clusterName, String serviceName, String taskDefinition) {
        return controlPlane.execute(() -> {
            Service service = controlPlane.service(controlPlane.cluster(clusterName), serviceName);
            TaskDefinition definition = controlPlane.findTaskDefinition(taskDefinition);
            if (definition == null) {
                throw new IllegalArgumentException("No task definition " + taskDefinition
                        + " is registered; register it with registerTaskDefinition first");
            }
            return controlPlane.startDeployment(service, definition).id();
        });
    }

    /**
     * Starts a deployment of the service's current task definition, as {@code forceNewDeployment}
     * does, and returns its ID.
     */
    public String forceNewDeployment(String clusterName, String serviceName) {
        return controlPlane.execute(() -> {
            Service service = controlPlane.service(controlPlane.cluster(clusterName), serviceName);
            return controlPlane.startDeployment(service, service.primaryDeployment().taskDefinition()).id();
        });
    }

    // ---------------------------------------------------------------- time

    /** Advances the virtual clock, running the scheduler on every tick on the way. */
    public void advance(Duration duration) {
        controlPlane.advance(duration);
    }

    /**
     * Sets what {@code POST /emulator/clock/advance} does with the requested duration, so that a
     * process which replays a timeline can apply each event when the clock passes its time
     * instead of after the whole jump. The {@code serve} command installs one that plays the
     * scenario's timeline event by event. The Java API's {@link #advance(Duration)} stays the
     * plain advance, because an advancer usually calls it.
     *
     * @param clockAdvancer receives the requested duration, never negative, on an HTTP handler
     *                      thread; pass {@code emulator::advance} to restore the default
     */
    public void setClockAdvancer(Consumer<Duration> clockAdvancer) {
        this.clockAdvancer = Objects.requireNonNull(clockAdvancer, "clockAdvancer");
    }

    /**
     * Returns what {@code POST /emulator/clock/advance} does with the requested duration:
     * {@link #advance(Duration)} unless {@link #setClockAdvancer} replaced it.
     */
    public Consumer<Duration> clockAdvancer() {
        return clockAdvancer;
    }

    /**
     * Advances tick by tick until {@code condition} is true or {@code limit} has passed.
     *
     * @return true when the condition became true within the limit
     */
    public boolean advanceUntil(BooleanSupplier condition, Duration limit) {
        Instant deadline = now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (!now().isBefore(deadline)) {
                return false;
            }
            advance(settings.tickInterval());
        }
        return true;
    }

    // ---------------------------------------------------------------- state for assertions

    /** Returns the service's tasks that are not STOPPED, in creation order. */
    public List<TaskSnapshot> tasks(String clusterName, String serviceName) {
        return controlPlane.execute(() -> {
            Service service = controlPlane.service(controlPlane.cluster(clusterName), serviceName);
            List<TaskSnapshot> snapshots = new ArrayList<>();
            for (Task task : service.cluster().tasks()) {
                if (task.service() == service && task.lastStatus() != TaskStatus.STOPPED) {
                    snapshots.add(snapshot(task));
                }
            }
            return snapshots;
        });
    }

    /** Returns every task of the cluster still retained, STOPPED ones included, in creation order. */
    public List<TaskSnapshot> allTasks(String clusterName) {
        return controlPlane.execute(() -> {
            List<TaskSnapshot> snapshots = new ArrayList<>();
            for (Task task : controlPlane.cluster(clusterName).tasks()) {
                snapshots.add(snapshot(task));
            }
            return snapshots;
        });
    }

    /**
     * Returns the number of RUNNING tasks with desired status RUNNING per Availability Zone,
     * sorted by AZ name; AZs without such a task are left out.
     */
    public Map<String, Integer> runningTasksPerAvailabilityZone(String clusterName, String serviceName) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TaskSnapshot task : tasks(clusterName, serviceName)) {
            if (task.lastStatus() == TaskStatus.RUNNING && task.desiredStatus() == TaskStatus.RUNNING) {
                counts.merge(task.availabilityZone(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public List<ContainerInstanceSnapshot> containerInstances(String clusterName) {
        return controlPlane.execute(() -> {
            List<ContainerInstanceSnapshot> snapshots = new ArrayList<>();
            for (ContainerInstance instance : controlPlane.cluster(clusterName).containerInstances()) {
                snapshots.add(new ContainerInstanceSnapshot(instance.id(), instance.ec2InstanceId(),
                        instance.availabilityZone(), instance.status(), instance.agentConnected(),
                        instance.remainingCpu(), instance.remainingMemory()));
            }
            return snapshots;
        });
    }

    /** Returns the service's deployments, the PRIMARY first and then the ACTIVE ones, newest first. */
    public List<DeploymentSnapshot> deployments(String clusterName, String serviceName) {
        return controlPlane.execute(() -> controlPlane.service(controlPlane.cluster(clusterName), serviceName)
                .deployments().stream().map(Deployment::snapshot).toList());
    }

    /** Returns the service's events, newest first. */
    public List<ServiceEvent> serviceEvents(String clusterName, String serviceName) {
        return controlPlane.execute(
                () -> controlPlane.service(controlPlane.cluster(clusterName), serviceName).events());
    }

    /** Returns the names of the clusters in creation order. */
    public List<String> clusterNames() {
        return controlPlane.execute(() -> controlPlane.clusters().stream().map(Cluster::name).toList());
    }

    /** Stops the HTTP server. The state stays readable through the Java API. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }

    private static TaskSnapshot snapshot(Task task) {
        ContainerInstance instance = task.containerInstance();
        return new TaskSnapshot(task.id(), task.arn(), task.service().name(), instance == null ? null : instance.id(),
                task.availabilityZone(), task.lastStatus(), task.desiredStatus(), task.healthStatus(),
                task.protectionExpiresAt(), task.startedAt(),
                task.desiredStatus() == TaskStatus.STOPPED ? task.stopCode() : null,
                task.desiredStatus() == TaskStatus.STOPPED ? task.stoppedReason() : null);
    }

    /** Builder for an emulator; every setting defaults to {@link EmulatorSettings#defaults()}. */
    public static final class Builder {
        private static final EmulatorSettings DEFAULTS = EmulatorSettings.defaults();

        private String region = DEFAULTS.region();
        private String accountId = DEFAULTS.accountId();
        private long seed = DEFAULTS.seed();
        private Instant startTime = DEFAULTS.startTime();
        private Duration tickInterval = DEFAULTS.tickInterval();
        private Duration taskStartDuration = DEFAULTS.taskStartDuration();
        private Duration healthCheckDuration = DEFAULTS.healthCheckDuration();
        private Duration taskStopDuration = DEFAULTS.taskStopDuration();
        private Duration nativeRebalancingDetectionDelay = DEFAULTS.nativeRebalancingDetectionDelay();
        private Duration stoppedTaskRetention = DEFAULTS.stoppedTaskRetention();
        private int port = DEFAULTS.port();

        private Builder() {
        }

        /** Sets the Region used in ARNs; @default us-east-1. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Sets the account ID used in ARNs; @default 123456789012. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Sets the seed of every random choice; @default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the virtual clock's first instant; @default 2026-01-05T09:00:00Z. */
        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        /** Sets the virtual time between scheduler passes; @default 1 second. */
        public Builder tickInterval(Duration tickInterval) {
            this.tickInterval = tickInterval;
            return this;
        }

        /** Sets the time from PENDING to RUNNING; @default 15 seconds. */
        public Builder taskStartDuration(Duration taskStartDuration) {
            this.taskStartDuration = taskStartDuration;
            return this;
        }

        /** Sets the time from RUNNING to HEALTHY; @default 30 seconds. */
        public Builder healthCheckDuration(Duration healthCheckDuration) {
            this.healthCheckDuration = healthCheckDuration;
            return this;
        }

        /** Sets the time from STOPPING to STOPPED; @default 10 seconds. */
        public Builder taskStopDuration(Duration taskStopDuration) {
            this.taskStopDuration = taskStopDuration;
            return this;
        }

        /** Sets how long native rebalancing waits on a steady, unbalanced service; @default 20 minutes. */
        public Builder nativeRebalancingDetectionDelay(Duration delay) {
            this.nativeRebalancingDetectionDelay = delay;
            return this;
        }

        /** Sets how long STOPPED tasks stay visible; @default 1 hour. */
        public Builder stoppedTaskRetention(Duration retention) {
            this.stoppedTaskRetention = retention;
            return this;
        }

        /** Sets the port on 127.0.0.1; @default 0, an ephemeral port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Returns the settings built so far; invalid values raise IllegalArgumentException here. */
        public EmulatorSettings settings() {
            return new EmulatorSettings(region, accountId, seed, startTime, tickInterval, taskStartDuration,
                    healthCheckDuration, taskStopDuration, nativeRebalancingDetectionDelay, stoppedTaskRetention, port);
        }

        /** Starts the emulator's HTTP server and returns the running emulator. */
        public EcsEmulator start() {
            return EcsEmulator.start(settings());
        }
    }
}
