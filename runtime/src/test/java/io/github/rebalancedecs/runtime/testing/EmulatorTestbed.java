package io.github.rebalancedecs.runtime.testing;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.ecs.TaskRequirementsSource;
import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * An ECS emulator on 127.0.0.1 with the runtime's real {@link EcsClient} pointed at it, for
 * end-to-end tests of the observer, executor and handler.
 */
public final class EmulatorTestbed implements AutoCloseable {

    public static final String CLUSTER = "prod";

    private final EcsEmulator emulator;
    private final EcsClient ecs;
    private boolean taskHealthCheck = true;

    public EmulatorTestbed() {
        this(Duration.ofSeconds(10));
    }

    /** Starts a testbed whose client gives up on a call, retries included, after the timeout. */
    public EmulatorTestbed(Duration apiCallTimeout) {
        this.emulator = EcsEmulator.builder().seed(42).start();
        this.ecs = EcsClientFactory.create(emulator.region(), emulator.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), apiCallTimeout);
        emulator.createCluster(CLUSTER);
    }

    public EcsEmulator emulator() {
        return emulator;
    }

    public EcsClient ecs() {
        return ecs;
    }

    /** Returns a clock that reads the emulator's virtual time. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the emulator clock is always UTC");
            }

            @Override
            public Instant instant() {
                return emulator.now();
            }
        };
    }

    /** Returns the production source of task requirements, reading the emulator's task definitions. */
    public TaskRequirementsSource taskDefinitions() {
        return new EcsTaskDefinitions(ecs);
    }

    public String instance(String id, String zone) {
        return instance(id, zone, 2048, 4096);
    }

    public String instance(String id, String zone, int cpu, int memory) {
        return emulator.registerContainerInstance(CLUSTER, ContainerInstanceSpec.builder()
                .containerInstanceId(id).availabilityZone(zone).cpu(cpu).memory(memory).build());
    }

    /**
     * Makes the task definitions of services created from now on define no container health
     * check, so that their tasks stay at health status UNKNOWN, as in ECS.
     */
    public EmulatorTestbed withoutTaskHealthCheck() {
        this.taskHealthCheck = false;
        return this;
    }

    /** Creates a service with native rebalancing off, so that only the runtime moves tasks. */
    public void service(ServiceSpec.Builder builder) {
        emulator.createService(CLUSTER, builder.availabilityZoneRebalancing(false).taskHealthCheck(taskHealthCheck)
                .build());
    }

    public void runningTask(String service, String instanceId, String taskId) {
        emulator.placeRunningTask(CLUSTER, service, instanceId, taskId);
    }

    public RebalanceExecutor executor(RebalancePolicy policy, ExecutorSettings settings, MutationListener listener) {
        EcsServiceObserver observer = new EcsServiceObserver(ecs, taskDefinitions(), Map.of(), clock());
        return new RebalanceExecutor(observer, new EcsServiceOperations(ecs, listener), policy, settings, clock());
    }

    public Map<String, Integer> tasksPerAz(String service) {
        return emulator.runningTasksPerAvailabilityZone(CLUSTER, service);
    }

    /** Returns the tasks that run and are meant to keep running. */
    public long runningTasks(String service) {
        return tasks(service).stream()
                .filter(task -> task.lastStatus() == TaskStatus.RUNNING && task.desiredStatus() == TaskStatus.RUNNING)
                .count();
    }

    /** Returns the tasks that run, are meant to keep running, and that ECS reports HEALTHY. */
    public long healthyTasks(String service) {
        return tasks(service).stream()
                .filter(task -> task.lastStatus() == TaskStatus.RUNNING && task.desiredStatus() == TaskStatus.RUNNING)
                .filter(task -> task.healthStatus() == HealthStatus.HEALTHY)
                .count();
    }

    public List<TaskSnapshot> tasks(String service) {
        return emulator.tasks(CLUSTER, service);
    }

    public int desiredCount(String service) {
        return ecs.describeServices(request -> request.cluster(CLUSTER).services(service))
                .services().get(0).desiredCount();
    }

    public Map<String, String> tags(String service) {
        String arn = ecs.describeServices(request -> request.cluster(CLUSTER).services(service))
                .services().get(0).serviceArn();
        Map<String, String> tags = new java.util.TreeMap<>();
        ecs.listTagsForResource(request -> request.resourceArn(arn)).tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /**
     * Registers the next revision of the service's task definition family with the same CPU,
     * memory, host ports and health check, and deploys it with UpdateService, as a release
     * pipeline would.
     *
     * @return the ID of the new PRIMARY deployment
     */
    public String deployNewRevision(String service) {
        String current = ecs.describeServices(request -> request.cluster(CLUSTER).services(service))
                .services().get(0).taskDefinition();
        TaskDefinition definition = ecs.describeTaskDefinition(request -> request.taskDefinition(current))
                .taskDefinition();
        List<Integer> hostPorts = definition.containerDefinitions().stream()
                .flatMap(container -> container.portMappings().stream())
                .map(PortMapping::hostPort)
                .toList();
        String next = emulator.registerTaskDefinition(TaskDefinitionSpec.builder()
                .family(definition.family())
                .cpu(Integer.parseInt(definition.cpu()))
                .memory(Integer.parseInt(definition.memory()))
                .hostPorts(hostPorts)
                .healthCheck(definition.containerDefinitions().stream()
                        .anyMatch(container -> container.healthCheck() != null))
                .build());
        return ecs.updateService(request -> request.cluster(CLUSTER).service(service).taskDefinition(next))
                .service().deployments().get(0).id();
    }

    /** Returns the service's deployments as DescribeServices reports them, the PRIMARY first. */
    public List<Deployment> deployments(String service) {
        return ecs.describeServices(request -> request.cluster(CLUSTER).services(service))
                .services().get(0).deployments();
    }

    /** Returns true when the service has one deployment and its rollout is COMPLETED. */
    public boolean deploymentCompleted(String service) {
        List<Deployment> deployments = deployments(service);
        return deployments.size() == 1 && deployments.get(0).rolloutState() == DeploymentRolloutState.COMPLETED;
    }

    /**
     * Advances the virtual clock one tick at a time and checks the running count after each
     * tick.
     *
     * @throws AssertionError when a tick leaves a running count the check rejects
     */
    public void advance(Duration duration, String service, IntPredicate runningCountCheck) {
        advance(duration, runningCountCheck(service, runningCountCheck));
    }

    /**
     * Returns a tick check that fails with the service's tasks when their running count does
     * not pass {@code check}.
     */
    public Runnable runningCountCheck(String service, IntPredicate check) {
        return () -> {
            int running = (int) runningTasks(service);
            if (!check.test(running)) {
                throw new AssertionError("running tasks of " + service + " dropped to " + running + " at "
                        + emulator.now() + ": " + tasks(service));
            }
        };
    }

    /**
     * Advances the virtual clock one tick at a time and runs the check after each tick.
     *
     * @throws AssertionError when the check throws it
     */
    public void advance(Duration duration, Runnable tickCheck) {
        Instant end = emulator.now().plus(duration);
        while (emulator.now().isBefore(end)) {
            emulator.advance(emulator.settings().tickInterval());
            tickCheck.run();
        }
    }

    @Override
    public void close() {
        ecs.close();
        emulator.close();
    }
}
