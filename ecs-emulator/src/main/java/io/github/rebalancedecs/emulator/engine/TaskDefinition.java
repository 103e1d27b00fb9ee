package io.github.rebalancedecs.emulator.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task definition revision in the bridge network mode, with one essential container whose port
 * mappings bind the service's host ports. Services that share a family and resources share a revision.
 */
public final class TaskDefinition {

    private final String arn;
    private final String family;
    private final int revision;
    private final int cpu;
    private final int memory;
    private final List<Integer> hostPorts;
    private final Instant registeredAt;
    private final Map<String, String> tags = new LinkedHashMap<>();

    TaskDefinition(String arn, String family, int revision, int cpu, int memory, List<Integer> hostPorts,
            Instant registeredAt) {
        this.arn = arn;
        this.family = family;
        this.revision = revision;
        this.cpu = cpu;
        this.memory = memory;
        this.hostPorts = List.copyOf(hostPorts);
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

    public Instant registeredAt() {
        return registeredAt;
    }

    public Map<String, String> tags() {
        return tags;
    }

    boolean sameRequirements(int otherCpu, int otherMemory, List<Integer> otherHostPorts) {
        return cpu == otherCpu && memory == otherMemory && hostPorts.equals(otherHostPorts);
    }
}
