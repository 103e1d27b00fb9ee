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
 * <p>The modes that need the fallback rebalancer, a Lambda function, create it with its
 * schedule, alarms and dashboard: {@link #FALLBACK}, {@link #MONITOR}, and {@link #AUTO} on a
 * service that native rebalancing cannot serve.
 */
public enum RebalancingMode {

    /**
     * ECS native rebalancing where the service's configuration allows it, otherwise the fallback
     * rebalancer.
     */
    AUTO,

    /**
     * ECS native rebalancing only, without a function, metrics or alarms. Synthesis fails when the
     * configuration does not allow native rebalancing.
     */
    NATIVE,

    /**
     * Native rebalancing off, and the fallback rebalancer, a scheduled Lambda function, moves tasks
     * instead, for any service configuration.
     */
    FALLBACK,

    /**
     * ECS native rebalancing plus the rebalancer function in dry run: it only measures, so the skew
     * alarm reports when native rebalancing does not restore the balance. A configuration that
     * native rebalancing does not support gets a warning.
     */
    MONITOR,

    /**
     * No rebalancing: the template sets {@code AvailabilityZoneRebalancing} to {@code DISABLED}.
     */
    DISABLED
}
