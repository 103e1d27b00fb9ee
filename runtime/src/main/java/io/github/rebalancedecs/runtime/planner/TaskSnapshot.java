package io.github.rebalancedecs.runtime.planner;

import java.time.Instant;
import java.util.Objects;

/**
 * One task of a service as ECS reported it, with its Availability Zone and scale-in protection.
 *
 * @param taskArn               the task ARN
 * @param containerInstanceArn  the container instance that runs the task, or {@code null} while
 *                              the task waits in PROVISIONING for room on any instance
 * @param availabilityZone      the Availability Zone of that container instance, or {@code null}
 *                              with it
 * @param lastStatus            {@code PROVISIONING}, {@code PENDING}, {@code RUNNING}, {@code STOPPING} ...
 * @param desiredStatus         {@code RUNNING} or {@code STOPPED}
 * @param healthStatus          {@code HEALTHY}, {@code UNHEALTHY} or {@code UNKNOWN}
 * @param startedAt             when the task reached RUNNING, or {@code null} before that
 * @param protectionEnabled     true when the task has scale-in protection
 * @param protectionExpiresAt   when that protection ends, or {@code null} when it is not enabled
 */
public record TaskSnapshot(
        String taskArn,
        String containerInstanceArn,
        String availabilityZone,
        String lastStatus,
        String desiredStatus,
        String healthStatus,
        Instant startedAt,
        boolean protectionEnabled,
        Instant protectionExpiresAt) {

    public TaskSnapshot {
        Objects.requireNonNull(taskArn, "taskArn");
        if (containerInstanceArn == null && "RUNNING".equals(lastStatus)) {
            throw new IllegalArgumentException("RUNNING task " + taskArn + " has no container instance");
        }
        Objects.requireNonNull(lastStatus, "lastStatus");
        Objects.requireNonNull(desiredStatus, "desiredStatus");
        Objects.requireNonNull(healthStatus, "healthStatus");
    }

    /** Returns the task ID: the last part of the task ARN, as the ECS console shows it. */
    public String taskId() {
        return lastPart(taskArn);
    }

    /** Returns the container instance ID: the last part of the ARN, or {@code null} when unplaced. */
    public String containerInstanceId() {
        return containerInstanceArn == null ? null : lastPart(containerInstanceArn);
    }

    /** Returns true when the task is RUNNING and is meant to keep running. */
    public boolean isRunning() {
        return "RUNNING".equals(lastStatus) && "RUNNING".equals(desiredStatus);
    }

    /**
     * Returns true when the task is starting or stopping: any state other than a steady
     * RUNNING or a final STOPPED.
     */
    public boolean isInTransition() {
        if ("STOPPED".equals(lastStatus)) {
            return false;
        }
        return !isRunning();
    }

    /**
     * Returns true when the task is RUNNING and no container health check reports it unhealthy.
     *
     * <p>NOTE: ECS reports {@code UNKNOWN} both for tasks without a container health check and
     * for tasks whose check has not finished yet, so {@code UNKNOWN} counts as healthy here.
     */
    public boolean isRunningAndHealthy() {
        return isRunning() && !"UNHEALTHY".equals(healthStatus);
    }

    static String lastPart(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }
}
