package io.github.rebalancedecs.runtime.planner;

import java.util.Objects;

/**
 * One planned move: a task leaves one Availability Zone and a task starts in another.
 *
 * @param taskArn              the task that leaves
 * @param containerInstanceArn the container instance it runs on
 * @param fromAvailabilityZone the Availability Zone it leaves
 * @param toAvailabilityZone   the Availability Zone where ECS is expected to start its
 *                             replacement
 */
public record TaskMove(
        String taskArn, String containerInstanceArn, String fromAvailabilityZone, String toAvailabilityZone) {

    public TaskMove {
        Objects.requireNonNull(taskArn, "taskArn");
        Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
        Objects.requireNonNull(fromAvailabilityZone, "fromAvailabilityZone");
        Objects.requireNonNull(toAvailabilityZone, "toAvailabilityZone");
    }

    public String taskId() {
        return TaskSnapshot.lastPart(taskArn);
    }

    public String containerInstanceId() {
        return TaskSnapshot.lastPart(containerInstanceArn);
    }
}
