package io.github.rebalancedecs.runtime.planner;

import java.util.Set;

/**
 * The placement and health facts of a task definition revision: what one more task reserves on a
 * container instance, and whether an essential container defines a health check.
 *
 * @param cpu           CPU units, 0 when the task definition reserves none
 * @param memory        MiB of memory, 0 when the task definition reserves none
 * @param hostTcpPorts  static host ports; dynamic host ports (0) are not listed
 * @param awsvpc        true when the task uses the {@code awsvpc} network mode
 * @param healthCheck   true when an essential container defines a {@code healthCheck}, so that
 *                      a task counts as healthy only once ECS reports it {@code HEALTHY}
 */
public record TaskRequirements(int cpu, int memory, Set<Integer> hostTcpPorts, boolean awsvpc, boolean healthCheck) {

    public TaskRequirements {
        if (cpu < 0 || memory < 0) {
            throw new IllegalArgumentException(
                    "cpu and memory must not be negative, got cpu " + cpu + " and memory " + memory);
        }
        hostTcpPorts = Set.copyOf(hostTcpPorts);
    }

    /**
     * Creates requirements of a task definition assumed to define a health check: its tasks count
     * as healthy only at {@code HEALTHY}, the safe reading when the task definition is unknown.
     */
    public TaskRequirements(int cpu, int memory, Set<Integer> hostTcpPorts, boolean awsvpc) {
        this(cpu, memory, hostTcpPorts, awsvpc, true);
    }
}
