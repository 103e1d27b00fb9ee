package io.github.rebalancedecs.runtime.planner;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link ServiceSnapshot}s for planner tests: container instances with a capacity, and
 * tasks placed on them, from which the remaining CPU, memory and ports follow.
 */
final class SnapshotBuilder {

    static final String ACCOUNT_PREFIX = "arn:aws:ecs:us-east-1:123456789012:";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Map<String, InstanceSpec> instances = new LinkedHashMap<>();
    private final List<TaskSnapshot> tasks = new ArrayList<>();
    private final List<ServiceDeployment> deployments = new ArrayList<>();
    private final List<PlacementStrategy> strategies = new ArrayList<>();
    private final List<PlacementConstraint> constraints = new ArrayList<>();
    private Integer desiredCount;
    private int minimumHealthyPercent = 100;
    private int maximumPercent = 200;
    private String status = "ACTIVE";
    private String schedulingStrategy = "REPLICA";
    private String launchType = "EC2";
    private TaskRequirements requirements = new TaskRequirements(256, 512, Set.of(), false);
    private Set<String> subnetZones = Set.of();
    private int taskSequence;
    private boolean healthCheck = true;

    private static final class InstanceSpec {
        final String id;
        final String zone;
        final int cpu;
        final int memory;
        String status = "ACTIVE";
        boolean agentConnected = true;
        final Map<String, String> attributes = new HashMap<>();
        final java.util.Set<Integer> otherPorts = new java.util.HashSet<>();

        InstanceSpec(String id, String zone, int cpu, int memory) {
            this.id = id;
            this.zone = zone;
            this.cpu = cpu;
            this.memory = memory;
        }

        String arn() {
            return ACCOUNT_PREFIX + "container-instance/prod/" + id;
        }
    }

    static SnapshotBuilder service() {
        return new SnapshotBuilder();
    }

    /** Adds an ACTIVE, connected instance with room for 16 tasks of the default size. */
    SnapshotBuilder instance(String id, String zone) {
        return instance(id, zone, 4096, 8192);
    }

    SnapshotBuilder instance(String id, String zone, int cpu, int memory) {
        InstanceSpec spec = new InstanceSpec(id, zone, cpu, memory);
        spec.attributes.put("ecs.availability-zone", zone);
        spec.attributes.put("ecs.instance-type", "m7g.large");
        instances.put(id, spec);
        return this;
    }

    SnapshotBuilder instanceStatus(String id, String status) {
        instances.get(id).status = status;
        return this;
    }

    SnapshotBuilder agentDisconnected(String id) {
        instances.get(id).agentConnected = false;
        return this;
    }

    SnapshotBuilder instanceAttribute(String id, String name, String value) {
        instances.get(id).attributes.put(name, value);
        return this;
    }

    SnapshotBuilder portTakenByOtherTask(String id, int port) {
        instances.get(id).otherPorts.add(port);
        return this;
    }

    /** Places {@code count} RUNNING, healthy tasks on the instance. */
    SnapshotBuilder tasks(String instanceId, int count) {
        for (int i = 0; i < count; i++) {
            task(instanceId, "RUNNING", "RUNNING", "HEALTHY", false);
        }
        return this;
    }

    SnapshotBuilder task(String instanceId, String lastStatus, String desiredStatus, String health,
            boolean protectedTask) {
        InstanceSpec spec = instances.get(instanceId);
        String id = String.format("task%02d", ++taskSequence);
        tasks.add(new TaskSnapshot(ACCOUNT_PREFIX + "task/prod/" + id, spec.arn(), spec.zone, lastStatus,
                desiredStatus, health, healthCheck, NOW.minusSeconds(3600), protectedTask,
                protectedTask ? NOW.plusSeconds(600) : null));
        return this;
    }

    /**
     * Sets whether the task definition defines a container health check, for the requirements
     * and every task added after this call; the default is true.
     */
    SnapshotBuilder healthCheck(boolean defined) {
        this.healthCheck = defined;
        this.requirements = new TaskRequirements(requirements.cpu(), requirements.memory(),
                requirements.hostTcpPorts(), requirements.awsvpc(), defined);
        return this;
    }

    SnapshotBuilder desiredCount(int count) {
        this.desiredCount = count;
        return this;
    }

    SnapshotBuilder minimumHealthyPercent(int percent) {
        this.minimumHealthyPercent = percent;
        return this;
    }

    SnapshotBuilder maximumPercent(int percent) {
        this.maximumPercent = percent;
        return this;
    }

    SnapshotBuilder status(String serviceStatus) {
        this.status = serviceStatus;
        return this;
    }

    SnapshotBuilder daemon() {
        this.schedulingStrategy = "DAEMON";
        return this;
    }

    SnapshotBuilder launchType(String type) {
        this.launchType = type;
        return this;
    }

    SnapshotBuilder deployment(String rolloutState) {
        deployments.add(new ServiceDeployment("ecs-svc/" + (deployments.size() + 1),
                deployments.isEmpty() ? "PRIMARY" : "ACTIVE", rolloutState, "web:1"));
        return this;
    }

    SnapshotBuilder strategy(String type, String field) {
        strategies.add(new PlacementStrategy(type, field));
        return this;
    }

    SnapshotBuilder constraint(String type, String expression) {
        constraints.add(new PlacementConstraint(type, expression));
        return this;
    }

    SnapshotBuilder requirements(int cpu, int memory, Set<Integer> hostPorts) {
        this.requirements = new TaskRequirements(cpu, memory, hostPorts, requirements.awsvpc(),
                requirements.healthCheck());
        return this;
    }

    SnapshotBuilder awsvpc(Set<String> zonesWithSubnets) {
        this.requirements = new TaskRequirements(requirements.cpu(), requirements.memory(),
                requirements.hostTcpPorts(), true, requirements.healthCheck());
        this.subnetZones = zonesWithSubnets;
        return this;
    }

    ServiceSnapshot build() {
        List<ContainerInstanceSnapshot> snapshots = new ArrayList<>();
        for (InstanceSpec spec : instances.values()) {
            long placed = tasks.stream()
                    .filter(task -> task.containerInstanceArn().equals(spec.arn()))
                    .filter(task -> !"STOPPED".equals(task.lastStatus()))
                    .count();
            java.util.Set<Integer> ports = new java.util.HashSet<>(spec.otherPorts);
            if (placed > 0) {
                ports.addAll(requirements.hostTcpPorts());
            }
            snapshots.add(new ContainerInstanceSnapshot(spec.arn(), "i-" + spec.id, spec.zone, spec.status,
                    spec.agentConnected, spec.cpu - (int) placed * requirements.cpu(),
                    spec.memory - (int) placed * requirements.memory(), ports, spec.attributes));
        }
        List<ServiceDeployment> serviceDeployments = deployments.isEmpty()
                ? List.of(new ServiceDeployment("ecs-svc/1", "PRIMARY", "COMPLETED", "web:1"))
                : deployments;
        int running = (int) tasks.stream().filter(TaskSnapshot::isRunning).count();
        int desired = desiredCount == null ? running : desiredCount;
        return new ServiceSnapshot("prod", "web", ACCOUNT_PREFIX + "service/prod/web", status,
                schedulingStrategy, launchType, desired, running, 0, minimumHealthyPercent, maximumPercent,
                serviceDeployments, strategies, constraints, requirements, subnetZones, Map.of(), tasks,
                snapshots, NOW);
    }

    /**
     * Returns the snapshot after the plan's moves: each moved task stops and a new task runs on
     * the first instance of the target zone where ECS's placement would put it.
     */
    static ServiceSnapshot applyMoves(ServiceSnapshot snapshot, RebalancePlan plan) {
        List<TaskSnapshot> tasks = new ArrayList<>(snapshot.tasks());
        Map<String, int[]> used = new HashMap<>();
        int sequence = 0;
        for (TaskMove move : plan.moves()) {
            tasks.removeIf(task -> task.taskArn().equals(move.taskArn()));
            used.computeIfAbsent(move.containerInstanceArn(), arn -> new int[2])[0]--;
            ContainerInstanceSnapshot target = snapshot.containerInstances().stream()
                    .filter(instance -> instance.availabilityZone().equals(move.toAvailabilityZone()))
                    .filter(ContainerInstanceSnapshot::acceptsTasks)
                    .filter(instance -> instance.remainingCpu()
                            - used.getOrDefault(instance.containerInstanceArn(), new int[2])[0]
                            * snapshot.taskRequirements().cpu() >= snapshot.taskRequirements().cpu())
                    .findFirst()
                    .orElseThrow();
            used.computeIfAbsent(target.containerInstanceArn(), arn -> new int[2])[0]++;
            tasks.add(new TaskSnapshot(ACCOUNT_PREFIX + "task/prod/moved" + (++sequence),
                    target.containerInstanceArn(), target.availabilityZone(), "RUNNING", "RUNNING", "HEALTHY",
                    NOW, false, null));
        }
        List<ContainerInstanceSnapshot> instances = new ArrayList<>();
        for (ContainerInstanceSnapshot instance : snapshot.containerInstances()) {
            int delta = used.getOrDefault(instance.containerInstanceArn(), new int[2])[0];
            instances.add(new ContainerInstanceSnapshot(instance.containerInstanceArn(), instance.ec2InstanceId(),
                    instance.availabilityZone(), instance.status(), instance.agentConnected(),
                    instance.remainingCpu() - delta * snapshot.taskRequirements().cpu(),
                    instance.remainingMemory() - delta * snapshot.taskRequirements().memory(),
                    instance.reservedTcpPorts(), instance.attributes()));
        }
        return new ServiceSnapshot(snapshot.clusterName(), snapshot.serviceName(), snapshot.serviceArn(),
                snapshot.status(), snapshot.schedulingStrategy(), snapshot.launchType(), snapshot.desiredCount(),
                snapshot.runningCount(), snapshot.pendingCount(), snapshot.minimumHealthyPercent(),
                snapshot.maximumPercent(), snapshot.deployments(), snapshot.placementStrategies(),
                snapshot.placementConstraints(), snapshot.taskRequirements(), snapshot.subnetAvailabilityZones(),
                snapshot.tags(), tasks, instances, snapshot.observedAt());
    }
}
