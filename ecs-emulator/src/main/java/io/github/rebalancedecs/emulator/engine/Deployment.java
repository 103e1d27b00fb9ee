package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.DeploymentSnapshot;
import io.github.rebalancedecs.emulator.DeploymentStatus;
import io.github.rebalancedecs.emulator.RolloutState;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One deployment of a service under the rolling update (ECS) deployment controller: the task
 * definition revision it runs, its status, its rollout state and the counts that
 * {@code DescribeServices} reports. Guarded by the control plane's lock.
 *
 * <p>A service has one PRIMARY deployment. Starting a new one turns the PRIMARY into an ACTIVE
 * deployment whose desired count is the number of tasks it still has. The scheduler lowers that
 * count as it replaces those tasks, and drops the deployment once none of its tasks is left.
 */
public final class Deployment {

    private final String id;
    private final Service service;
    private final TaskDefinition taskDefinition;
    private final Instant createdAt;
    private DeploymentStatus status = DeploymentStatus.PRIMARY;
    private RolloutState rolloutState;
    private int retainedCount;
    private int failedTasks;
    private boolean taskSucceeded;
    private Instant updatedAt;
    private List<Object> reportedValues = List.of();

    Deployment(String id, Service service, TaskDefinition taskDefinition, RolloutState rolloutState,
            Instant createdAt) {
        this.id = id;
        this.service = service;
        this.taskDefinition = taskDefinition;
        this.rolloutState = rolloutState;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Returns the deployment ID, {@code ecs-svc/} and 19 digits, which its tasks report in {@code startedBy}. */
    public String id() {
        return id;
    }

    public Service service() {
        return service;
    }

    public TaskDefinition taskDefinition() {
        return taskDefinition;
    }

    public DeploymentStatus status() {
        return status;
    }

    public boolean isPrimary() {
        return status == DeploymentStatus.PRIMARY;
    }

    public RolloutState rolloutState() {
        return rolloutState;
    }

    /** Returns the sentence ECS reports with the rollout state, for example "ECS deployment ecs-svc/... completed.". */
    public String rolloutStateReason() {
        return "ECS deployment " + id + (rolloutState == RolloutState.COMPLETED ? " completed." : " in progress.");
    }

    /**
     * Returns the PRIMARY deployment's desired count, which is the service's, or the number of
     * tasks an ACTIVE deployment still keeps.
     */
    public int desiredCount() {
        return isPrimary() ? service.desiredCount() : retainedCount;
    }

    public int runningCount() {
        return countTasks(TaskStatus.RUNNING);
    }

    /** Returns the tasks of the deployment that are PROVISIONING or PENDING. */
    public int pendingCount() {
        return countTasks(TaskStatus.PROVISIONING) + countTasks(TaskStatus.PENDING);
    }

    public int failedTasks() {
        return failedTasks;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Returns a read-only copy for assertions. */
    public DeploymentSnapshot snapshot() {
        return new DeploymentSnapshot(id, status, taskDefinition.arn(), desiredCount(), runningCount(), pendingCount(),
                failedTasks, rolloutState, rolloutStateReason(), createdAt, updatedAt);
    }

    /** Turns this PRIMARY deployment into an ACTIVE one that keeps {@code tasksToKeep} tasks for now. */
    void supersede(int tasksToKeep) {
        this.status = DeploymentStatus.ACTIVE;
        this.retainedCount = tasksToKeep;
    }

    /** Lowers an ACTIVE deployment's desired count by one, as the scheduler replaces one of its tasks. */
    void releaseTask() {
        retainedCount = Math.max(0, retainedCount - 1);
    }

    /** Sets an ACTIVE deployment's desired count, for DAEMON services whose tasks are never replaced in kind. */
    void retainTasks(int count) {
        retainedCount = count;
    }

    void complete() {
        this.rolloutState = RolloutState.COMPLETED;
    }

    /**
     * Counts a task that failed to start or failed its health check. ECS counts consecutive
     * failures only until one task of the deployment runs successfully.
     */
    void recordFailedTask() {
        if (!taskSucceeded) {
            failedTasks++;
        }
    }

    /** Notes that a task of the deployment runs and passed its health check: the failure count resets for good. */
    void recordHealthyTask() {
        if (!taskSucceeded) {
            taskSucceeded = true;
            failedTasks = 0;
        }
    }

    /** Moves {@code updatedAt} to now when a value that DescribeServices reports has changed since the last call. */
    void refreshUpdatedAt(Instant now) {
        int running = 0;
        int pending = 0;
        for (Task task : service.cluster().tasks()) {
            if (task.deployment() == this) {
                switch (task.lastStatus()) {
                    case RUNNING -> running++;
                    case PROVISIONING, PENDING -> pending++;
                    default -> {
                        // STOPPING and STOPPED tasks count in neither.
                    }
                }
            }
        }
        List<Object> values = List.of(status, rolloutState, desiredCount(), running, pending, failedTasks);
        if (!Objects.equals(values, reportedValues)) {
            updatedAt = now;
            reportedValues = values;
        }
    }

    private int countTasks(TaskStatus lastStatus) {
        int count = 0;
        for (Task task : service.cluster().tasks()) {
            if (task.deployment() == this && task.lastStatus() == lastStatus) {
                count++;
            }
        }
        return count;
    }
}
