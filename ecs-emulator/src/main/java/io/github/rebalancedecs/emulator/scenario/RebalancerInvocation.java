package io.github.rebalancedecs.emulator.scenario;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The arguments of one pass of a {@link SimulatedRebalancer}.
 *
 * @param endpoint     the emulator's ECS endpoint on 127.0.0.1
 * @param region       the Region to give the SDK client
 * @param clusterName  the scenario's cluster
 * @param serviceNames the scenario's services
 * @param clock        the virtual clock, read-only
 * @param now          the virtual time of this pass
 */
public record RebalancerInvocation(
        URI endpoint,
        String region,
        String clusterName,
        List<String> serviceNames,
        Clock clock,
        Instant now) {

    public RebalancerInvocation {
        serviceNames = List.copyOf(serviceNames);
    }
}
