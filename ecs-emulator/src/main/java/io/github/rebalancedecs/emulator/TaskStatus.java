package io.github.rebalancedecs.emulator;

/** The lifecycle states of a task that the emulator models, in the order a task passes them. */
public enum TaskStatus {
    /** Created but not yet placed, because no container instance can host it yet. */
    PROVISIONING,
    /** Placed on a container instance; the containers are starting. */
    PENDING,
    RUNNING,
    /** Asked to stop; the containers are shutting down but still hold their resources. */
    STOPPING,
    STOPPED
}
