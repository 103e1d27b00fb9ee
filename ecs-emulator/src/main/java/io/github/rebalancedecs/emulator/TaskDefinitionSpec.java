package io.github.rebalancedecs.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A task definition revision to register: the family, what one task reserves on its container
 * instance, and whether its container defines a health check. The emulator renders it in the
 * bridge network mode with one essential container named after the family, whose port mappings
 * bind the host ports.
 *
 * <p>Example: {@code TaskDefinitionSpec.builder().family("web").cpu(512).memory(1024).build()}.
 *
 * @param family      the family; each registration adds the next revision of it
 * @param cpu         CPU units each task reserves (1024 per vCPU)
 * @param memory      memory in MiB each task reserves
 * @param hostPorts   fixed host ports each task binds; two tasks that bind the same port cannot
 *                    share a container instance
 * @param healthCheck true when the container defines a health check: its tasks turn HEALTHY
 *                    {@code healthCheckDuration} after RUNNING. Without one, ECS reports their
 *                    health status as UNKNOWN for as long as they run.
 */
public record TaskDefinitionSpec(String family, int cpu, int memory, List<Integer> hostPorts, boolean healthCheck) {

    public TaskDefinitionSpec {
        Objects.requireNonNull(family, "family");
        // ECS allows up to 255 letters, numbers, hyphens and underscores in a family name.
        if (!family.matches("[A-Za-z0-9_-]{1,255}")) {
            throw new IllegalArgumentException(
                    "family must be 1 to 255 letters, digits, hyphens or underscores, got '" + family + "'");
        }
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must be at least 0 CPU units, got " + cpu);
        }
        if (memory <= 0) {
            throw new IllegalArgumentException("memory must be a positive number of MiB, got " + memory);
        }
        hostPorts = List.copyOf(hostPorts);
        for (int port : hostPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("hostPorts must be between 1 and 65535, got " + port);
            }
        }
    }

    /** Creates a spec whose container defines a health check. */
    public TaskDefinitionSpec(String family, int cpu, int memory, List<Integer> hostPorts) {
        this(family, cpu, memory, hostPorts, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link TaskDefinitionSpec}. */
    public static final class Builder {
        private String family;
        private int cpu = 256;
        private int memory = 512;
        private List<Integer> hostPorts = new ArrayList<>();
        private boolean healthCheck = true;

        private Builder() {
        }

        public Builder family(String family) {
            this.family = family;
            return this;
        }

        /** Sets the CPU units each task reserves; @default 256, as for a service spec. */
        public Builder cpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        /** Sets the MiB each task reserves; @default 512, as for a service spec. */
        public Builder memory(int memory) {
            this.memory = memory;
            return this;
        }

        /** Sets the fixed host ports each task binds; @default none (dynamic host ports). */
        public Builder hostPorts(List<Integer> hostPorts) {
            this.hostPorts = new ArrayList<>(hostPorts);
            return this;
        }

        /**
         * Sets whether the container defines a health check; @default true, so that tasks turn
         * HEALTHY as in a service whose containers report their health.
         */
        public Builder healthCheck(boolean healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        public TaskDefinitionSpec build() {
            return new TaskDefinitionSpec(family, cpu, memory, hostPorts, healthCheck);
        }
    }
}
