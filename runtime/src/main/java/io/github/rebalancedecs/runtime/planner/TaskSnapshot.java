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
 * @param healthCheck           true when an essential container of the task's task definition
 *                              defines a health check, so that {@code UNKNOWN} means the check
 *                              has not passed yet
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
        boolean healthCheck,
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

    /**
     * Creates a snapshot of a task whose task definition is assumed to define a health check, the
     * safe reading when it is unknown: the task counts as healthy only at {@code HEALTHY}.
     */
    public TaskSnapshot(String taskArn, String containerInstanceArn, String availabilityZone, String lastStatus,
            String desiredStatus, String healthStatus, Instant startedAt, boolean protectionEnabled,
            Instant protectionExpiresAt) {
        this(taskArn, containerInstanceArn, availabilityZone, lastStatus, desiredStatus, healthStatus, true, startedAt,
                protectionEnabled, protectionExpiresAt);
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
     * Returns true when the task is RUNNING and counts as healthy. ECS reports {@code UNKNOWN}
     * both for a task whose container health check has not passed yet and for a task without a
     * container health check, so the task definition decides: with a health check only
     * {@code HEALTHY} counts; without one, {@code UNKNOWN} counts because ECS has no other
     * signal. {@code UNHEALTHY} never counts.
     *
     * <p>NOTE: load balancer target health is not read. Behind a load balancer, a task without a
     * container health check counts as healthy once RUNNING. Its target takes traffic only after
     * it passes the target group's health check: one passing check for a new target, with checks
     * 30 seconds apart by default. SURGE may therefore stop another task before the new target is
     * in service, and for up to one check interval (longer when the check fails) the load
     * balancer has one healthy target fewer than the desired count. A container health check that
     * tests what the target group tests narrows that gap, because the rebalancer then waits for
     * {@code HEALTHY}.
     */
    public boolean isRunningAndHealthy() {
        if (!isRunning() || "UNHEALTHY".equals(healthStatus)) {
            return false;
        }
        return !healthCheck || "HEALTHY".equals(healthStatus);
    }

    /** Returns true when the task is RUNNING and its container health check has not passed yet. */
    public boolean isAwaitingHealthCheck() {
        return isRunning() && healthCheck && "UNKNOWN".equals(healthStatus);
    }

    static String lastPart(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }
}
