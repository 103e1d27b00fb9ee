package io.github.rebalancedecs.emulator;

/**
 * The rollout state of a deployment under the rolling update (ECS) deployment controller.
 *
 * <p>NOTE: ECS also reports {@code FAILED} when the deployment circuit breaker stops a deployment.
 * The emulator models no circuit breaker, so it never reports that state.
 */
public enum RolloutState {
    /** Tasks of the deployment are still starting, or tasks of older deployments still run. */
    IN_PROGRESS,
    /** The service reached a steady state with only this deployment's tasks. */
    COMPLETED
}
