package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.RolloutState;
import io.github.rebalancedecs.emulator.ServiceEvent;
import io.github.rebalancedecs.emulator.ServiceSpec;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A REPLICA or DAEMON service with its configuration and scheduler state. Guarded by the control plane's lock. */
public final class Service {

    /** ECS returns at most the 100 newest events of a service. */
    private static final int MAX_EVENTS = 100;

    private final String name;
    private final String arn;
    private final Cluster cluster;
    private final Instant createdAt;
    private final boolean daemon;
    private final String classicLoadBalancerName;
    private final Map<String, String> tags = new LinkedHashMap<>();
    /** The PRIMARY deployment first, then the ACTIVE ones, newest first. */
    private final List<Deployment> deployments = new ArrayList<>();
    private final Deque<ServiceEvent> events = new ArrayDeque<>();
    private int desiredCount;
    private List<PlacementStrategy> placementStrategies;
    private List<PlacementConstraint> placementConstraints;
    private List<ClusterQuery> memberOfQueries;
    private int minimumHealthyPercent;
    private int maximumPercent;
    private boolean availabilityZoneRebalancing;
    private Instant updatedAt;

    // Scheduler state, not part of the ECS API.
    private boolean steadyStateReported;
    private boolean placementFailureReported;
    private Instant imbalancedSince;
    private boolean rebalancingStallReported;
    private RebalancingRound rebalancingRound;

    /**
     * Creates a service with one PRIMARY deployment of the task definition.
     *
     * <p>NOTE: ECS reports the first deployment of a new service IN_PROGRESS until the service
     * reaches a steady state. The emulator reports it COMPLETED from the start, because tests and
     * scenarios set up an established service and often place its tasks directly.
     */
    Service(Cluster cluster, ServiceSpec spec, String arn, TaskDefinition taskDefinition, String deploymentId,
            Instant createdAt) {
        this.name = spec.serviceName();
        this.arn = arn;
        this.cluster = cluster;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.daemon = spec.daemon();
        this.classicLoadBalancerName = spec.classicLoadBalancerName();
        this.desiredCount = spec.desiredCount();
        this.minimumHealthyPercent = spec.minimumHealthyPercent();
        this.maximumPercent = spec.maximumPercent();
        this.availabilityZoneRebalancing = spec.availabilityZoneRebalancing();
        this.tags.putAll(spec.tags());
        setPlacement(spec.placementStrategies(), spec.placementConstraints());
        Deployment first = new Deployment(deploymentId, this, taskDefinition, RolloutState.COMPLETED, createdAt);
        deployments.add(first);
        first.refreshUpdatedAt(createdAt);
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public Cluster cluster() {
        return cluster;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Returns the family of the PRIMARY deployment's task definition. */
    public String taskDefinitionFamily() {
        return primaryDeployment().taskDefinition().family();
    }

    /** Returns the PRIMARY deployment's task definition ARN, which DescribeServices reports as the service's. */
    public String taskDefinitionArn() {
        return primaryDeployment().taskDefinition().arn();
    }

    /** Returns the CPU units a new task reserves: the PRIMARY deployment's task definition's. */
    public int taskCpu() {
        return primaryDeployment().taskDefinition().cpu();
    }

    /** Returns the MiB a new task reserves: the PRIMARY deployment's task definition's. */
    public int taskMemory() {
        return primaryDeployment().taskDefinition().memory();
    }

    /** Returns the host ports a new task binds: the PRIMARY deployment's task definition's. */
    public List<Integer> hostPorts() {
        return primaryDeployment().taskDefinition().hostPorts();
    }

    public boolean daemon() {
        return daemon;
    }

    public String classicLoadBalancerName() {
        return classicLoadBalancerName;
    }

    /** Returns the PRIMARY deployment's ID. */
    public String deploymentId() {
        return primaryDeployment().id();
    }

    public Deployment primaryDeployment() {
        return deployments.get(0);
    }

    /** Returns the deployments, the PRIMARY first and then the ACTIVE ones, newest first, as ECS lists them. */
    public List<Deployment> deployments() {
        return List.copyOf(deployments);
    }

    public Map<String, String> tags() {
        return tags;
    }

    public int desiredCount() {
        return desiredCount;
    }

    public List<PlacementStrategy> placementStrategies() {
        return placementStrategies;
    }

    public List<PlacementConstraint> placementConstraints() {
        return placementConstraints;
    }

    List<ClusterQuery> memberOfQueries() {
        return memberOfQueries;
    }

    public int minimumHealthyPercent() {
        return minimumHealthyPercent;
    }

    public int maximumPercent() {
        return maximumPercent;
    }

    public boolean availabilityZoneRebalancing() {
        return availabilityZoneRebalancing;
    }

    /** Returns the events, newest first, as ECS orders them. */
    public List<ServiceEvent> events() {
        return List.copyOf(events);
    }

    /** Returns the placement strategies the scheduler applies: ECS's AZ-then-instance spread when none is set. */
    public List<PlacementStrategy> effectivePlacementStrategies() {
        if (placementStrategies.isEmpty()) {
            return List.of(PlacementStrategy.spreadAcrossAvailabilityZones(), PlacementStrategy.spreadAcrossInstances());
        }
        return placementStrategies;
    }

    /** Returns the maximum number of tasks with desired status RUNNING that the maximum percent allows. */
    public int maximumTaskCount() {
        return (int) Math.floor(desiredCount * maximumPercent / 100.0);
    }

    /** Returns the minimum number of healthy tasks that the minimum healthy percent requires. */
    public int minimumHealthyTaskCount() {
        return (int) Math.ceil(desiredCount * minimumHealthyPercent / 100.0);
    }

    void setDesiredCount(int desiredCount, Instant now) {
        this.desiredCount = desiredCount;
        this.updatedAt = now;
    }

    void setPlacement(List<PlacementStrategy> strategies, List<PlacementConstraint> constraints) {
        List<ClusterQuery> queries = new ArrayList<>();
        for (PlacementConstraint constraint : constraints) {
            if (constraint.type().equals("memberOf")) {
                queries.add(ClusterQuery.parse(constraint.expression()));
            }
        }
        this.placementStrategies = List.copyOf(strategies);
        this.placementConstraints = List.copyOf(constraints);
        this.memberOfQueries = List.copyOf(queries);
    }

    void setDeploymentPercents(int minimumHealthyPercent, int maximumPercent) {
        this.minimumHealthyPercent = minimumHealthyPercent;
        this.maximumPercent = maximumPercent;
    }

    void setAvailabilityZoneRebalancing(boolean enabled) {
        this.availabilityZoneRebalancing = enabled;
    }

    /** Makes the deployment PRIMARY. The previous PRIMARY turns ACTIVE and keeps {@code tasksToKeep} tasks. */
    void addDeployment(Deployment deployment, int tasksToKeep) {
        primaryDeployment().supersede(tasksToKeep);
        deployments.add(0, deployment);
    }

    void removeDeployment(Deployment deployment) {
        if (deployment.isPrimary()) {
            throw new IllegalStateException("The PRIMARY deployment " + deployment.id() + " cannot be removed");
        }
        deployments.remove(deployment);
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    void addEvent(ServiceEvent event) {
        events.addFirst(event);
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    boolean hasDistinctInstanceConstraint() {
        return placementConstraints.stream().anyMatch(c -> c.type().equals("distinctInstance"));
    }

    boolean steadyStateReported() {
        return steadyStateReported;
    }

    void setSteadyStateReported(boolean reported) {
        this.steadyStateReported = reported;
    }

    boolean placementFailureReported() {
        return placementFailureReported;
    }

    void setPlacementFailureReported(boolean reported) {
        this.placementFailureReported = reported;
    }

    Instant imbalancedSince() {
        return imbalancedSince;
    }

    void setImbalancedSince(Instant since) {
        this.imbalancedSince = since;
    }

    boolean rebalancingStallReported() {
        return rebalancingStallReported;
    }

    void setRebalancingStallReported(boolean reported) {
        this.rebalancingStallReported = reported;
    }

    /** Returns the native rebalancing round in progress, or {@code null}. */
    public RebalancingRound rebalancingRound() {
        return rebalancingRound;
    }

    void setRebalancingRound(RebalancingRound round) {
        this.rebalancingRound = round;
    }
}
