package io.github.rebalancedecs.emulator;

import java.time.Instant;

/**
 * A read-only copy of one service deployment, for assertions in tests.
 *
 * @param id                 the deployment ID, {@code ecs-svc/} and 19 digits; tasks report it in
 *                           {@code startedBy}
 * @param status             PRIMARY or ACTIVE
 * @param taskDefinitionArn  the task definition revision the deployment runs
 * @param desiredCount       PRIMARY: the service's desired count. ACTIVE: the tasks the scheduler
 *                           still keeps, which drops as it replaces them
 * @param runningCount       tasks of the deployment in the RUNNING state
 * @param pendingCount       tasks of the deployment that are PROVISIONING or PENDING
 * @param failedTasks        tasks of the deployment that failed to start or failed their health
 *                           check, counted until one of its tasks runs and passes its health check
 * @param rolloutState       IN_PROGRESS or COMPLETED
 * @param rolloutStateReason the sentence ECS gives with the rollout state
 * @param createdAt          when the deployment started
 * @param updatedAt          when one of the values above last changed
 */
public record DeploymentSnapshot(
        String id,
        DeploymentStatus status,
        String taskDefinitionArn,
        int desiredCount,
        int runningCount,
        int pendingCount,
        int failedTasks,
        RolloutState rolloutState,
        String rolloutStateReason,
        Instant createdAt,
        Instant updatedAt) {
}
