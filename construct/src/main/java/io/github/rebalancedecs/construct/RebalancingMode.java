package io.github.rebalancedecs.construct;

/**
 * The mechanism that keeps the tasks of a {@link RebalancedEc2Service} balanced across
 * Availability Zones.
 *
 * <p>ECS native rebalancing is the service setting {@code AvailabilityZoneRebalancing}. ECS does
 * not act on it for DAEMON services, for a maximum percent of 100, for a first placement strategy
 * other than a spread across {@code attribute:ecs.availability-zone}, for Classic Load Balancer
 * targets and for {@code memberOf} constraints on the Availability Zone attribute.
 *
 * <p>NOTE: this version does not include the fallback rebalancer yet. A configuration that needs
 * it ({@link #FALLBACK}, {@link #MONITOR}, or {@link #AUTO} on a service that native rebalancing
 * cannot serve) fails synthesis with an error that names every reason, instead of deploying a
 * service without rebalancing.
 */
public enum RebalancingMode {

    /**
     * ECS native rebalancing where the service's configuration allows it, otherwise the fallback
     * rebalancer.
     */
    AUTO,

    /**
     * ECS native rebalancing only. Synthesis fails when the configuration does not allow it.
     */
    NATIVE,

    /**
     * Native rebalancing off and the fallback rebalancer, a scheduled Lambda function, moves tasks
     * instead.
     */
    FALLBACK,

    /**
     * ECS native rebalancing plus a Lambda function that watches the balance and reports when
     * native rebalancing does not restore it.
     */
    MONITOR,

    /**
     * No rebalancing: the template sets {@code AvailabilityZoneRebalancing} to {@code DISABLED}.
     */
    DISABLED
}
