package io.github.rebalancedecs.runtime.planner;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One container instance of the cluster as ECS reported it.
 *
 * <p>The planner reads {@code status} as follows. ACTIVE with a connected agent can take a new
 * task ({@link #acceptsTasks()}). DRAINING takes none, and a task of the service on it stops
 * planning until ECS has moved the task ({@link PlanReason#INSTANCE_DRAINING}). ECS uses
 * REGISTERING, REGISTRATION_FAILED and DEREGISTERING while it adds or removes a trunk network
 * interface. Those take no new task either, but they do not stop planning. A RUNNING task on
 * such an instance counts toward its Availability Zone and, while the agent is connected, may be
 * chosen to move, as on an ACTIVE instance. An instance that takes no task never makes its zone
 * eligible.
 *
 * @param containerInstanceArn the container instance ARN
 * @param ec2InstanceId        the EC2 instance ID
 * @param availabilityZone     the value of its {@code ecs.availability-zone} attribute
 * @param status               {@code ACTIVE}, {@code DRAINING}, {@code DEREGISTERING} ... as ECS names it
 * @param agentConnected       true when the ECS agent is connected
 * @param remainingCpu         CPU units not reserved by tasks
 * @param remainingMemory      MiB of memory not reserved by tasks
 * @param reservedTcpPorts     host TCP ports already taken on the instance
 * @param attributes           the instance's attributes by name ({@code ecs.instance-type} ...)
 */
public record ContainerInstanceSnapshot(
        String containerInstanceArn,
        String ec2InstanceId,
        String availabilityZone,
        String status,
        boolean agentConnected,
        int remainingCpu,
        int remainingMemory,
        Set<Integer> reservedTcpPorts,
        Map<String, String> attributes) {

    public ContainerInstanceSnapshot {
        Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(status, "status");
        reservedTcpPorts = Set.copyOf(reservedTcpPorts);
        attributes = Map.copyOf(attributes);
    }

    /** Returns the container instance ID: the last part of the ARN. */
    public String containerInstanceId() {
        return TaskSnapshot.lastPart(containerInstanceArn);
    }

    /** Returns true when ECS may place new tasks on the instance: ACTIVE and agent connected. */
    public boolean acceptsTasks() {
        return "ACTIVE".equals(status) && agentConnected;
    }
}
