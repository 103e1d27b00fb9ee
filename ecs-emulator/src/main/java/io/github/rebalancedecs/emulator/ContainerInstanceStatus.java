package io.github.rebalancedecs.emulator;

/** The container instance states that the emulator models. */
public enum ContainerInstanceStatus {
    /** Accepts new tasks. */
    ACTIVE,
    /** Accepts no new tasks; the service scheduler replaces its service tasks elsewhere. */
    DRAINING,
    /** Deregistered, for example after its EC2 instance stopped or terminated. */
    INACTIVE
}
