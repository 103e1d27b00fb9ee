package io.github.rebalancedecs.runtime.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether ECS native Availability Zone rebalancing
 * ({@code AvailabilityZoneRebalancing: ENABLED}) can serve a service, from the service's
 * configuration alone.
 *
 * <p>ECS documents that native rebalancing does nothing for DAEMON services, for services
 * whose maximum percent is 100 (it starts a task before it stops one), for services whose
 * first placement strategy is not a spread across {@code attribute:ecs.availability-zone},
 * for services behind a Classic Load Balancer, and for services with a {@code memberOf}
 * placement constraint on the Availability Zone attribute. This class returns every one of
 * those reasons that applies, so that a caller can name them all at once.
 *
 * <p>The class is pure: the construct calls it at synth time with values from CDK props, and
 * the runtime and the CLI call it with values read from {@code DescribeServices}.
 */
public final class NativeRebalancingSupport {

    /** The placement attribute that contains a container instance's Availability Zone. */
    public static final String AVAILABILITY_ZONE_ATTRIBUTE = "attribute:ecs.availability-zone";

    private NativeRebalancingSupport() {
    }

    /** A configuration under which ECS native rebalancing does not act. */
    public enum UnsupportedReason {
        DAEMON_SCHEDULING("the service uses the DAEMON scheduling strategy"),
        MAXIMUM_PERCENT_100("maximumPercent is 100 or lower, so ECS cannot start a task before it stops one"),
        FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD(
                "the first placement strategy is not a spread across " + AVAILABILITY_ZONE_ATTRIBUTE),
        CLASSIC_LOAD_BALANCER("the service registers targets with a Classic Load Balancer"),
        AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT(
                "a memberOf placement constraint restricts tasks by Availability Zone");

        private final String description;

        UnsupportedReason(String description) {
            this.description = description;
        }

        /** Returns a sentence fragment that explains the reason to an operator. */
        public String description() {
            return description;
        }
    }

    /**
     * One placement strategy of a service, as ECS and CloudFormation spell it.
     *
     * @param type  {@code spread}, {@code binpack} or {@code random}
     * @param field the attribute or resource the strategy works on; {@code null} for random
     */
    public record PlacementStrategy(String type, String field) {
        public PlacementStrategy {
            Objects.requireNonNull(type, "type");
        }

        /** Returns true for a spread across the Availability Zone attribute. */
        public boolean isAvailabilityZoneSpread() {
            return "spread".equalsIgnoreCase(type)
                    && field != null
                    && AVAILABILITY_ZONE_ATTRIBUTE.equalsIgnoreCase(field.trim());
        }
    }

    /**
     * One placement constraint of a service.
     *
     * @param type       {@code memberOf} or {@code distinctInstance}
     * @param expression the cluster query language expression; {@code null} for distinctInstance
     */
    public record PlacementConstraint(String type, String expression) {
        public PlacementConstraint {
            Objects.requireNonNull(type, "type");
        }

        /** Returns true for a memberOf constraint whose expression reads the Availability Zone. */
        public boolean restrictsAvailabilityZone() {
            return "memberOf".equalsIgnoreCase(type)
                    && expression != null
                    && expression.toLowerCase(Locale.ROOT).contains("ecs.availability-zone");
        }
    }

    /**
     * The parts of a service's configuration that decide native rebalancing support.
     *
     * @param daemon               true when the scheduling strategy is DAEMON
     * @param maximumPercent       the deployment's maximum percent, or {@code null} when it is
     *                             not known yet (an unresolved CDK token), which is not a reason
     * @param placementStrategies  the placement strategies in the order ECS applies them
     * @param placementConstraints the placement constraints
     * @param classicLoadBalancer  true when the service registers with a Classic Load Balancer
     */
    public record ServiceConfiguration(
            boolean daemon,
            Integer maximumPercent,
            List<PlacementStrategy> placementStrategies,
            List<PlacementConstraint> placementConstraints,
            boolean classicLoadBalancer) {

        public ServiceConfiguration {
            placementStrategies = List.copyOf(placementStrategies);
            placementConstraints = List.copyOf(placementConstraints);
        }
    }

    /**
     * The outcome of {@link #evaluate}: supported when there is no reason against it.
     *
     * @param reasons every reason that applies, in the order of {@link UnsupportedReason}
     */
    public record Result(List<UnsupportedReason> reasons) {
        public Result {
            reasons = List.copyOf(reasons);
        }

        public boolean supported() {
            return reasons.isEmpty();
        }

        /** Returns the reasons joined into one sentence, or an empty string when supported. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            for (UnsupportedReason reason : reasons) {
                parts.add(reason.description());
            }
            return String.join("; ", parts);
        }
    }

    /**
     * Returns every reason why native rebalancing cannot serve the given configuration.
     *
     * <p>A service with no placement strategy counts as supported: ECS spreads the tasks of a
     * service across Availability Zones when no strategy is given.
     */
    public static Result evaluate(ServiceConfiguration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        List<UnsupportedReason> reasons = new ArrayList<>();

        if (configuration.daemon()) {
            reasons.add(UnsupportedReason.DAEMON_SCHEDULING);
        }
        if (configuration.maximumPercent() != null && configuration.maximumPercent() <= 100) {
            reasons.add(UnsupportedReason.MAXIMUM_PERCENT_100);
        }
        List<PlacementStrategy> strategies = configuration.placementStrategies();
        if (!strategies.isEmpty() && !strategies.get(0).isAvailabilityZoneSpread()) {
            reasons.add(UnsupportedReason.FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD);
        }
        if (configuration.classicLoadBalancer()) {
            reasons.add(UnsupportedReason.CLASSIC_LOAD_BALANCER);
        }
        if (configuration.placementConstraints().stream().anyMatch(PlacementConstraint::restrictsAvailabilityZone)) {
            reasons.add(UnsupportedReason.AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT);
        }

        return new Result(reasons);
    }
}
