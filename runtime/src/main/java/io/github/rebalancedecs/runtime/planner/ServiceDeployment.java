package io.github.rebalancedecs.runtime.planner;

import java.util.Objects;

/**
 * One deployment of a service.
 *
 * @param id                the deployment ID
 * @param status            {@code PRIMARY}, {@code ACTIVE} or {@code INACTIVE}
 * @param rolloutState      {@code COMPLETED}, {@code IN_PROGRESS} or {@code FAILED}; {@code null}
 *                          when ECS does not report one (services without the rolling
 *                          deployment circuit breaker)
 * @param taskDefinitionArn the task definition the deployment runs
 */
public record ServiceDeployment(String id, String status, String rolloutState, String taskDefinitionArn) {

    public ServiceDeployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** Returns true when the deployment is still replacing tasks. */
    public boolean isInProgress() {
        return "IN_PROGRESS".equals(rolloutState);
    }
}
