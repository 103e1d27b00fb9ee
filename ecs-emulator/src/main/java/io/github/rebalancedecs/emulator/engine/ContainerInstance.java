package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.ContainerInstanceStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A registered container instance and the tasks that hold its resources. Guarded by the control plane's lock. */
public final class ContainerInstance {

    private final String id;
    private final String arn;
    private final String ec2InstanceId;
    private final String availabilityZone;
    private final int cpu;
    private final int memory;
    private final List<Integer> reservedPorts;
    private final String instanceType;
    private final Map<String, String> customAttributes;
    private final Instant registeredAt;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Set<Task> residentTasks = new LinkedHashSet<>();
    private ContainerInstanceStatus status = ContainerInstanceStatus.ACTIVE;
    private boolean agentConnected = true;
    private long version = 1;

    ContainerInstance(String id, String arn, String ec2InstanceId, String availabilityZone, int cpu, int memory,
            List<Integer> reservedPorts, String instanceType, Map<String, String> customAttributes,
            Instant registeredAt) {
        this.id = id;
        this.arn = arn;
        this.ec2InstanceId = ec2InstanceId;
        this.availabilityZone = availabilityZone;
        this.cpu = cpu;
        this.memory = memory;
        this.reservedPorts = List.copyOf(reservedPorts);
        this.instanceType = instanceType;
        this.customAttributes = Map.copyOf(customAttributes);
        this.registeredAt = registeredAt;
    }

    public String id() {
        return id;
    }

    public String arn() {
        return arn;
    }

    public String ec2InstanceId() {
        return ec2InstanceId;
    }

    public String availabilityZone() {
        return availabilityZone;
    }

    public int registeredCpu() {
        return cpu;
    }

    public int registeredMemory() {
        return memory;
    }

    public List<Integer> reservedPorts() {
        return reservedPorts;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public ContainerInstanceStatus status() {
        return status;
    }

    public boolean agentConnected() {
        return agentConnected;
    }

    public long version() {
        return version;
    }

    public Map<String, String> tags() {
        return tags;
    }

    /** Returns true when the scheduler may place new tasks here. */
    public boolean acceptsTasks() {
        return status == ContainerInstanceStatus.ACTIVE && agentConnected;
    }

    /**
     * Returns the attributes ECS reports and placement reads: {@code ecs.availability-zone},
     * {@code ecs.instance-type}, {@code ecs.os-type}, {@code ecs.cpu-architecture}, and the custom ones.
     */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ecs.availability-zone", availabilityZone);
        attributes.put("ecs.instance-type", instanceType);
        attributes.put("ecs.os-type", "linux");
        attributes.put("ecs.cpu-architecture", "x86_64");
        attributes.putAll(customAttributes);
        return Collections.unmodifiableMap(attributes);
    }

    /** Returns the tasks that hold resources here: placed and not yet STOPPED. */
    public Set<Task> residentTasks() {
        return Collections.unmodifiableSet(residentTasks);
    }

    public int remainingCpu() {
        return cpu - residentTasks.stream().mapToInt(Task::cpu).sum();
    }

    public int remainingMemory() {
        return memory - residentTasks.stream().mapToInt(Task::memory).sum();
    }

    /** Returns the reserved ports and the host ports resident tasks bind, as ECS reports them in PORTS. */
    public Set<Integer> usedPorts() {
        Set<Integer> ports = new TreeSet<>(reservedPorts);
        for (Task task : residentTasks) {
            ports.addAll(task.hostPorts());
        }
        return ports;
    }

    void setStatus(ContainerInstanceStatus status) {
        if (this.status != status) {
            this.status = status;
            version++;
        }
    }

    void setAgentConnected(boolean agentConnected) {
        if (this.agentConnected != agentConnected) {
            this.agentConnected = agentConnected;
            version++;
        }
    }

    void addResident(Task task) {
        residentTasks.add(task);
    }

    void removeResident(Task task) {
        residentTasks.remove(task);
    }
}
