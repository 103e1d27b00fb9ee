package io.github.rebalancedecs.emulator.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task definition revision in the bridge network mode, with one essential container whose port
 * mappings bind the service's host ports and which may define a health check. Services that share
 * a family, resources and health check share a revision.
 */
public final class TaskDefinition {

    private final String arn;
    private final String family;
    private final int revision;
    private final int cpu;
    private final int memory;
    private final List<Integer> hostPorts;
    private final boolean healthCheck;
    private final Instant registeredAt;
    private final Map<String, String> tags = new LinkedHashMap<>();

    TaskDefinition(String arn, String family, int revision, int cpu, int memory, List<Integer> hostPorts,
            boolean healthCheck, Instant registeredAt) {
        this.arn = arn;
        this.family = family;
        this.revision = revision;
        this.cpu = cpu;
        this.memory = memory;
        this.hostPorts = List.copyOf(hostPorts);
        this.healthCheck = healthCheck;
        this.registeredAt = registeredAt;
    }

    public String arn() {
        return arn;
    }

    public String family() {
        return family;
    }

    public int revision() {
        return revision;
    }

    public int cpu() {
        return cpu;
    }

    public int memory() {
        return memory;
    }

    public List<Integer> hostPorts() {
        return hostPorts;
    }

    /**
     * Returns true when the essential container defines a health check. Without one, ECS reports
     * the task's health status as UNKNOWN and treats a RUNNING task as healthy.
     */
    public boolean healthCheck() {
        return healthCheck;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Map<String, String> tags() {
        return tags;
    }

    boolean sameRequirements(int otherCpu, int otherMemory, List<Integer> otherHostPorts, boolean otherHealthCheck) {
        return cpu == otherCpu && memory == otherMemory && hostPorts.equals(otherHostPorts)
                && healthCheck == otherHealthCheck;
    }
}
