package io.github.rebalancedecs.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a container instance to register: its Availability Zone, resources and attributes.
 *
 * <p>Example: {@code ContainerInstanceSpec.builder().availabilityZone("us-east-1a").cpu(2048).memory(4096).build()}.
 *
 * @param containerInstanceId the 32-character ID to use, or {@code null} to draw one from the
 *                            emulator's seeded random source
 * @param ec2InstanceId       the EC2 instance ID to report, or {@code null} to draw one
 * @param availabilityZone    the Availability Zone, reported as the {@code ecs.availability-zone}
 *                            attribute
 * @param cpu                 registered CPU units (1024 per vCPU)
 * @param memory              registered memory in MiB
 * @param reservedPorts       host ports that no task can use, as the ECS agent reserves them
 * @param instanceType        the EC2 instance type, reported as the {@code ecs.instance-type} attribute
 * @param attributes          further custom attributes, usable in memberOf constraints
 */
public record ContainerInstanceSpec(
        String containerInstanceId,
        String ec2InstanceId,
        String availabilityZone,
        int cpu,
        int memory,
        List<Integer> reservedPorts,
        String instanceType,
        Map<String, String> attributes) {

    /** The ports the ECS agent reserves by default: SSH, the Docker daemon and the agent itself. */
    public static final List<Integer> DEFAULT_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);

    public ContainerInstanceSpec {
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        if (availabilityZone.isBlank()) {
            throw new IllegalArgumentException("availabilityZone must not be blank");
        }
        if (containerInstanceId != null && !containerInstanceId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException(
                    "containerInstanceId must be 32 lowercase hexadecimal characters, got " + containerInstanceId);
        }
        if (cpu <= 0) {
            throw new IllegalArgumentException("cpu must be a positive number of CPU units, got " + cpu);
        }
        if (memory <= 0) {
            throw new IllegalArgumentException("memory must be a positive number of MiB, got " + memory);
        }
        reservedPorts = List.copyOf(reservedPorts);
        Objects.requireNonNull(instanceType, "instanceType");
        attributes = Map.copyOf(attributes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ContainerInstanceSpec}; defaults: 2048 CPU units, 4096 MiB, m5.large. */
    public static final class Builder {
        private String containerInstanceId;
        private String ec2InstanceId;
        private String availabilityZone;
        private int cpu = 2048;
        private int memory = 4096;
        private List<Integer> reservedPorts = new ArrayList<>(DEFAULT_RESERVED_PORTS);
        private String instanceType = "m5.large";
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder containerInstanceId(String containerInstanceId) {
            this.containerInstanceId = containerInstanceId;
            return this;
        }

        public Builder ec2InstanceId(String ec2InstanceId) {
            this.ec2InstanceId = ec2InstanceId;
            return this;
        }

        public Builder availabilityZone(String availabilityZone) {
            this.availabilityZone = availabilityZone;
            return this;
        }

        public Builder cpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder memory(int memory) {
            this.memory = memory;
            return this;
        }

        public Builder reservedPorts(List<Integer> reservedPorts) {
            this.reservedPorts = new ArrayList<>(reservedPorts);
            return this;
        }

        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        public Builder attribute(String name, String value) {
            this.attributes.put(name, value);
            return this;
        }

        public ContainerInstanceSpec build() {
            return new ContainerInstanceSpec(containerInstanceId, ec2InstanceId, availabilityZone, cpu, memory,
                    reservedPorts, instanceType, attributes);
        }
    }
}
