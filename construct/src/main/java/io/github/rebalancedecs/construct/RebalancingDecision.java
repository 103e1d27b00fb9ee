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
 * <p>Pure: the construct decides once from its props, to fail early, and again from the
 * synthesized service, to catch placement strategies, constraints and load balancers added after
 * construction.
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

    /** Returns true when the mode needs the fallback rebalancer for this configuration. */
    boolean needsFallbackRebalancer() {
        return mode == RebalancingMode.FALLBACK || (mode == RebalancingMode.AUTO && !support.supported());
    }

    /**
     * Returns the errors that stop synthesis, each naming the mode, every reason and its fix, or
     * an empty list when the service can be deployed as configured.
     */
    List<String> errors() {
        String reasons = describeReasons();
        return switch (mode) {
            case DISABLED -> List.of();
            case NATIVE -> support.supported()
                    ? List.of()
                    : List.of("rebalancingMode NATIVE requires a service configuration that ECS native rebalancing "
                            + "supports, got " + reasonCount() + ":" + reasons
                            + "\nChange these settings, or set rebalancingMode to DISABLED to deploy without "
                            + "rebalancing.");
            case AUTO -> support.supported()
                    ? List.of()
                    : List.of("rebalancingMode AUTO needs the fallback rebalancer for this service, because ECS "
                            + "native rebalancing does not support " + reasonCount() + ":" + reasons
                            + "\nThis version of RebalancedEc2Service does not include the fallback rebalancer "
                            + "yet and does not deploy a service without rebalancing. Change these settings to "
                            + "use native rebalancing, or set rebalancingMode to DISABLED.");
            case FALLBACK -> List.of("rebalancingMode FALLBACK needs the fallback rebalancer, which this version "
                    + "of RebalancedEc2Service does not include yet. Set rebalancingMode to AUTO or NATIVE for ECS "
                    + "native rebalancing, or to DISABLED to deploy without rebalancing.");
            case MONITOR -> List.of("rebalancingMode MONITOR needs the Lambda function that watches the balance, "
                    + "which this version of RebalancedEc2Service does not include yet. Set rebalancingMode to "
                    + "NATIVE for ECS native rebalancing without the watcher"
                    + (support.supported() ? "." : ", after changing the settings that native rebalancing "
                            + "does not support:" + reasons));
        };
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
