package io.github.rebalancedecs.emulator.scenario;

import java.util.List;

/**
 * The outcome of a simulation.
 *
 * @param scenarioName      the scenario
 * @param mode              the rebalancer that ran
 * @param services          one summary per service, in scenario order
 * @param steps             every step that was reported
 * @param ecsRequestCount   the ECS API requests the emulator received (all from the fallback rebalancer)
 * @param rebalancerErrors  messages of passes of the fallback rebalancer that threw
 */
public record SimulationResult(
        String scenarioName,
        RebalancerMode mode,
        List<ServiceOutcome> services,
        List<SimulationStep> steps,
        int ecsRequestCount,
        List<String> rebalancerErrors) {

    public SimulationResult {
        services = List.copyOf(services);
        steps = List.copyOf(steps);
        rebalancerErrors = List.copyOf(rebalancerErrors);
    }

    /** Returns the outcome of the named service, or throws when the scenario has no such service. */
    public ServiceOutcome service(String serviceName) {
        return services.stream()
                .filter(outcome -> outcome.serviceName().equals(serviceName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + serviceName + " in " + scenarioName));
    }
}
