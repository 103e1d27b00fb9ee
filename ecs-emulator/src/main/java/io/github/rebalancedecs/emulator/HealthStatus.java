package io.github.rebalancedecs.emulator;

/** The health status ECS reports for a task. */
public enum HealthStatus {
    /**
     * The health check has not passed yet, for example during the first seconds after RUNNING, or
     * the task definition defines no container health check, in which case it never changes.
     */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY
}
