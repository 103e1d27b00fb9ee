package io.github.rebalancedecs.emulator;

/**
 * The container instance states that the emulator models. The scheduler places tasks only on
 * ACTIVE instances with a connected agent.
 */
public enum ContainerInstanceStatus {
    /** Accepts new tasks. */
    ACTIVE,
    /** Accepts no new tasks; the service scheduler replaces its service tasks elsewhere. */
    DRAINING,
    /*
     * With the awsvpcTrunking account setting, ECS uses the next three states while it provisions
     * or removes the instance's trunk network interface (ECS API Reference, ContainerInstance).
     * The emulator never enters them by itself: set them with
     * EcsEmulator.setContainerInstanceStatus.
     */
    /** Registering while ECS provisions the trunk network interface. */
    REGISTERING,
    /** Registration failed. */
    REGISTRATION_FAILED,
    /** Terminated, while ECS removes the trunk network interface. INACTIVE comes next. */
    DEREGISTERING,
    /** Deregistered, for example after its EC2 instance stopped or terminated. */
    INACTIVE
}
