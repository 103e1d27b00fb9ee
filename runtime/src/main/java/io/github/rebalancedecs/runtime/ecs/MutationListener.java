package io.github.rebalancedecs.runtime.ecs;

/**
 * Receives each ECS call that changed something, after it succeeded.
 *
 * <p>The runtime uses none. Tests use one to stop the rebalancer right after a chosen call, as a
 * Lambda timeout or a crash would, and then check that the next run completes or undoes the
 * operation.
 */
@FunctionalInterface
public interface MutationListener {

    /** A listener that does nothing. */
    MutationListener NONE = operation -> { };

    /**
     * Called after a mutating call succeeded.
     *
     * @param operation the ECS operation, such as {@code UpdateService}
     */
    void afterMutation(String operation);
}
