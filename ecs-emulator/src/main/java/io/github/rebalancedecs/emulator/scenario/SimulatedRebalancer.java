package io.github.rebalancedecs.emulator.scenario;

import java.time.Duration;

/**
 * A rebalancer that a simulation runs on the virtual clock, such as the runtime's fallback
 * rebalancer. The emulator module does not depend on the runtime, so the CLI plugs it in.
 *
 * <p>The runner calls {@link #run} at the start and then every {@link #interval()} of virtual
 * time, between scheduler ticks, while the emulator serves requests. It passes every reported
 * step to {@link #observeStep}. An implementation talks to
 * ECS only through an {@code EcsClient} pointed at {@link RebalancerInvocation#endpoint()} and
 * reads time from {@link RebalancerInvocation#clock()}.
 *
 * <pre>{@code
 * SimulatedRebalancer rebalancer = invocation -> {
 *     try (EcsClient ecs = EcsClient.builder().endpointOverride(invocation.endpoint())
 *             .region(Region.of(invocation.region())) ... .build()) {
 *         new Rebalancer(ecs, invocation.clock()).run(invocation.clusterName(), invocation.serviceNames());
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SimulatedRebalancer {

    /** Runs one rebalancing pass; an exception is recorded in the result and the simulation goes on. */
    void run(RebalancerInvocation invocation) throws Exception;

    /** Returns the virtual time between two passes; @default 5 minutes, a typical schedule. */
    default Duration interval() {
        return Duration.ofMinutes(5);
    }

    /**
     * Receives every step that the runner reports, before the runner's step listener does, so
     * that a rebalancer can model the ECS events that invoke it, such as a container instance
     * becoming ACTIVE or a task stopping. The runner calls this between passes, on the same thread.
     * The default ignores the step.
     */
    default void observeStep(SimulationStep step) {
    }
}
