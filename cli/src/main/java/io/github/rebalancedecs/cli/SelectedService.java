package io.github.rebalancedecs.cli;

import java.util.Objects;

/**
 * A service that a command works on, with the parts of its DescribeServices entry that the
 * runtime's {@code ServiceSnapshot} does not carry.
 *
 * @param serviceName                 the service name
 * @param classicLoadBalancer         true when the service registers with a Classic Load Balancer
 * @param availabilityZoneRebalancing the service's {@code AvailabilityZoneRebalancing} setting,
 *                                    {@code ENABLED} or {@code DISABLED}; {@code null} when ECS
 *                                    does not report one
 */
record SelectedService(String serviceName, boolean classicLoadBalancer, String availabilityZoneRebalancing) {

    SelectedService {
        Objects.requireNonNull(serviceName, "serviceName");
    }
}
