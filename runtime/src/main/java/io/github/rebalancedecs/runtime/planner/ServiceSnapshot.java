package io.github.rebalancedecs.runtime.planner;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable view of one ECS service at one moment: the service, its tasks and every
 * container instance of its cluster that is ACTIVE or runs one of its tasks.
 *
 * <p>The ECS package builds it from complete reads only; the planner and the executor never see
 * a partial snapshot. A snapshot that is not {@link #actionable() actionable} leaves out two reads
 * on purpose and records that it does. It may show that no action is needed, never which action
 * to take.
 *
 * @param clusterName             the cluster name
 * @param serviceName             the service name
 * @param serviceArn              the service ARN, which carries the rebalancer's tags
 * @param status                  {@code ACTIVE}, {@code DRAINING} or {@code INACTIVE}
 * @param schedulingStrategy      {@code REPLICA} or {@code DAEMON}
 * @param launchType              {@code EC2}, {@code FARGATE}, {@code EXTERNAL}, or {@code null} when
 *                                the service uses a capacity provider strategy
 * @param desiredCount            the desired count
 * @param runningCount            the running count that ECS reports for the service
 * @param pendingCount            the pending count that ECS reports for the service
 * @param minimumHealthyPercent   the deployment configuration's minimum healthy percent
 * @param maximumPercent          the deployment configuration's maximum percent
 * @param deployments             the service's deployments
 * @param placementStrategies     the placement strategies in the order ECS applies them
 * @param placementConstraints    the placement constraints
 * @param taskRequirements        what one more task of the primary deployment reserves
 * @param subnetAvailabilityZones for {@code awsvpc} tasks, the Availability Zones of the
 *                                service's subnets; empty otherwise
 * @param tags                    the service's tags
 * @param tasks                   the tasks of the service that are not STOPPED
 * @param containerInstances      the container instances of the cluster
 * @param observedAt              when the reads started
 * @param actionable              true when the snapshot includes the reads that acting needs: the
 *                                tasks on their way to STOPPED and each task's scale-in
 *                                protection. Without them every task reads as unprotected, and a
 *                                stopping task is missing
 */
public record ServiceSnapshot(
        String clusterName,
        String serviceName,
        String serviceArn,
        String status,
        String schedulingStrategy,
        String launchType,
        int desiredCount,
        int runningCount,
        int pendingCount,
        int minimumHealthyPercent,
        int maximumPercent,
        List<ServiceDeployment> deployments,
        List<PlacementStrategy> placementStrategies,
        List<PlacementConstraint> placementConstraints,
        TaskRequirements taskRequirements,
        Set<String> subnetAvailabilityZones,
        Map<String, String> tags,
        List<TaskSnapshot> tasks,
        List<ContainerInstanceSnapshot> containerInstances,
        Instant observedAt,
        boolean actionable) {

    public ServiceSnapshot {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(serviceArn, "serviceArn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(schedulingStrategy, "schedulingStrategy");
        Objects.requireNonNull(taskRequirements, "taskRequirements");
        Objects.requireNonNull(observedAt, "observedAt");
        deployments = List.copyOf(deployments);
        placementStrategies = List.copyOf(placementStrategies);
        placementConstraints = List.copyOf(placementConstraints);
        subnetAvailabilityZones = Set.copyOf(subnetAvailabilityZones);
        tags = Map.copyOf(tags);
        tasks = List.copyOf(tasks);
        containerInstances = List.copyOf(containerInstances);
    }

    /** Creates an {@link #actionable() actionable} snapshot. */
    public ServiceSnapshot(String clusterName, String serviceName, String serviceArn, String status,
            String schedulingStrategy, String launchType, int desiredCount, int runningCount, int pendingCount,
            int minimumHealthyPercent, int maximumPercent, List<ServiceDeployment> deployments,
            List<PlacementStrategy> placementStrategies, List<PlacementConstraint> placementConstraints,
            TaskRequirements taskRequirements, Set<String> subnetAvailabilityZones, Map<String, String> tags,
            List<TaskSnapshot> tasks, List<ContainerInstanceSnapshot> containerInstances, Instant observedAt) {
        this(clusterName, serviceName, serviceArn, status, schedulingStrategy, launchType, desiredCount,
                runningCount, pendingCount, minimumHealthyPercent, maximumPercent, deployments, placementStrategies,
                placementConstraints, taskRequirements, subnetAvailabilityZones, tags, tasks, containerInstances,
                observedAt, true);
    }

    /** Returns every Availability Zone that contains a container instance or a task, sorted by name. */
    public Set<String> availabilityZones() {
        Set<String> zones = new TreeSet<>();
        containerInstances.forEach(instance -> zones.add(instance.availabilityZone()));
        tasks.stream()
                .filter(task -> task.availabilityZone() != null)
                .forEach(task -> zones.add(task.availabilityZone()));
        return zones;
    }

    /** Returns the cluster and service names joined for logs: {@code cluster/service}. */
    public String serviceKey() {
        return clusterName + "/" + serviceName;
    }
}
