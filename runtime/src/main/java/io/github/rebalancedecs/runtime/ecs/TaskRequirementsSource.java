package io.github.rebalancedecs.runtime.ecs;

import io.github.rebalancedecs.runtime.planner.TaskRequirements;

/** Returns what one task of a task definition reserves on a container instance. */
@FunctionalInterface
public interface TaskRequirementsSource {

    /**
     * Returns the requirements of a task definition revision.
     *
     * @throws EcsAccessException when the task definition cannot be read
     */
    TaskRequirements requirementsOf(String taskDefinitionArn);
}
