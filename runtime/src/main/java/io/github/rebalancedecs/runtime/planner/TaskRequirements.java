package io.github.rebalancedecs.runtime.planner;

import java.util.Set;

/**
 * What one more task of the service reserves on a container instance, from its task definition.
 *
 * @param cpu           CPU units, 0 when the task definition reserves none
 * @param memory        MiB of memory, 0 when the task definition reserves none
 * @param hostTcpPorts  static host ports; dynamic host ports (0) are not listed
 * @param awsvpc        true when the task uses the {@code awsvpc} network mode
 */
public record TaskRequirements(int cpu, int memory, Set<Integer> hostTcpPorts, boolean awsvpc) {

    public TaskRequirements {
        if (cpu < 0 || memory < 0) {
            throw new IllegalArgumentException(
                    "cpu and memory must not be negative, got cpu " + cpu + " and memory " + memory);
        }
        hostTcpPorts = Set.copyOf(hostTcpPorts);
    }
}
