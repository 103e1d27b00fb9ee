package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.ServiceConfiguration;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ecs.AvailabilityZoneRebalancing;

/**
 * The outcome of a {@link RebalancingMode} for one service configuration: the value of the
 * service's {@code AvailabilityZoneRebalancing} setting and the errors that stop synthesis.
 *
 * <p>Pure: the construct decides once from its props, to fail early and to know whether it needs
 * a rebalancer function, and again from the synthesized service, to catch placement strategies,
 * constraints and load balancers added after construction.
 */
final class RebalancingDecision {

    private final RebalancingMode mode;
    private final ServiceConfiguration configuration;
    private final NativeRebalancingSupport.Result support;

    private RebalancingDecision(RebalancingMode mode, ServiceConfiguration configuration) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.support = NativeRebalancingSupport.evaluate(configuration);
    }

    /** Decides how the given mode applies to the given service configuration. */
    static RebalancingDecision decide(RebalancingMode mode, ServiceConfiguration configuration) {
        return new RebalancingDecision(mode, configuration);
    }

    /**
     * Returns the value for the service's {@code AvailabilityZoneRebalancing} setting. The
     * template always states it, because ECS applies different defaults on create and on update.
     */
    AvailabilityZoneRebalancing availabilityZoneRebalancing() {
        return switch (mode) {
            case NATIVE, MONITOR -> AvailabilityZoneRebalancing.ENABLED;
            case AUTO -> support.supported() ? AvailabilityZoneRebalancing.ENABLED : AvailabilityZoneRebalancing.DISABLED;
            case FALLBACK, DISABLED -> AvailabilityZoneRebalancing.DISABLED;
        };
    }

    /**
     * Returns true when the mode needs a rebalancer function that moves tasks: FALLBACK, or AUTO on
     * a configuration that native rebalancing does not support.
     */
    boolean needsFallbackRebalancer() {
        return mode == RebalancingMode.FALLBACK || (mode == RebalancingMode.AUTO && !support.supported());
    }

    /**
     * Returns true when the mode needs a rebalancer function at all: one that moves tasks, or the
     * one that only measures in MONITOR mode.
     */
    boolean needsRebalancerFunction() {
        return needsFallbackRebalancer() || mode == RebalancingMode.MONITOR;
    }

    /**
     * Returns the errors that stop synthesis, each naming the mode, every reason and its fix, or
     * an empty list when the service can be deployed as configured.
     *
     * @param rebalancerCreated whether the construct created the rebalancer function. It decides
     *                          from its props, so a setting that native rebalancing does not
     *                          support and that is added after construction finds no function.
     */
    List<String> errors(boolean rebalancerCreated) {
        if (mode == RebalancingMode.NATIVE && !support.supported()) {
            return List.of("rebalancingMode NATIVE requires a service configuration that ECS native rebalancing "
                    + "supports, got " + reasonCount() + ":" + describeReasons()
                    + "\nChange these settings, set rebalancingMode to AUTO or FALLBACK to use the fallback "
                    + "rebalancer, or set it to DISABLED to deploy without rebalancing.");
        }
        if (needsFallbackRebalancer() && !rebalancerCreated) {
            return List.of("rebalancingMode " + mode + " needs the fallback rebalancer for this service, because ECS "
                    + "native rebalancing does not support " + reasonCount() + ":" + describeReasons()
                    + "\nThe construct created no rebalancer, because these settings were changed after "
                    + "construction. Set rebalancingMode to FALLBACK, or pass the settings through the props.");
        }
        return List.of();
    }

    /**
     * Returns the warnings for configurations that synthesize but probably do not do what was
     * meant, or an empty list.
     */
    List<String> warnings() {
        if (mode == RebalancingMode.MONITOR && !support.supported()) {
            return List.of("rebalancingMode MONITOR keeps ECS native rebalancing on, but native rebalancing does not "
                    + "act on " + reasonCount() + ":" + describeReasons()
                    + "\nThe skew alarm will report skew that nothing repairs. Set rebalancingMode to AUTO or "
                    + "FALLBACK to let the fallback rebalancer move tasks.");
        }
        return List.of();
    }

    private String reasonCount() {
        int count = support.reasons().size();
        return count == 1 ? "1 setting" : count + " settings";
    }

    private String describeReasons() {
        StringBuilder text = new StringBuilder();
        for (UnsupportedReason reason : support.reasons()) {
            text.append("\n  - ").append(reason.description())
                    .append(" (got ").append(receivedValue(reason)).append("): ").append(fix(reason));
        }
        return text.toString();
    }

    private String receivedValue(UnsupportedReason reason) {
        return switch (reason) {
            case DAEMON_SCHEDULING -> "schedulingStrategy DAEMON";
            case MAXIMUM_PERCENT_100 -> "maxHealthyPercent " + configuration.maximumPercent();
            case FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD -> describe(configuration.placementStrategies().get(0));
            case CLASSIC_LOAD_BALANCER -> "a Classic Load Balancer target";
            case AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT -> configuration.placementConstraints().stream()
                    .filter(PlacementConstraint::restrictsAvailabilityZone)
                    .map(constraint -> "memberOf " + constraint.expression())
                    .findFirst()
                    .orElse("memberOf");
        };
    }

    private static String describe(PlacementStrategy strategy) {
        return strategy.field() == null ? strategy.type() : strategy.type() + " on " + strategy.field();
    }

    private static String fix(UnsupportedReason reason) {
        return switch (reason) {
            case DAEMON_SCHEDULING -> "use the REPLICA scheduling strategy";
            case MAXIMUM_PERCENT_100 -> "set maxHealthyPercent above 100, for example 200";
            case FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD -> "make PlacementStrategy.spreadAcross("
                    + "BuiltInAttributes.AVAILABILITY_ZONE) the first placement strategy";
            case CLASSIC_LOAD_BALANCER -> "register the service with an Application or Network Load Balancer "
                    + "target group instead";
            case AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT -> "remove the memberOf constraint on "
                    + NativeRebalancingSupport.AVAILABILITY_ZONE_ATTRIBUTE;
        };
    }
}
