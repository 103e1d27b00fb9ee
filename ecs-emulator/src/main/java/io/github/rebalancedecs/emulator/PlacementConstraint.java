package io.github.rebalancedecs.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * One task placement constraint of a service, spelled as in the ECS API.
 *
 * <p>{@code distinctInstance} places each task of the service on a different container instance.
 * {@code memberOf} keeps tasks on container instances that match a cluster query language
 * expression; the emulator accepts the subset described in
 * {@link io.github.rebalancedecs.emulator.engine.ClusterQuery}.
 *
 * @param type       {@code distinctInstance} or {@code memberOf}
 * @param expression the cluster query language expression; {@code null} for distinctInstance
 */
public record PlacementConstraint(String type, String expression) {

    public PlacementConstraint {
        Objects.requireNonNull(type, "type");
        if (type.equalsIgnoreCase("distinctInstance")) {
            type = "distinctInstance";
            expression = null;
        } else if (type.equalsIgnoreCase("memberOf")) {
            type = "memberOf";
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException(
                        "A memberOf placement constraint needs an expression such as "
                                + "'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', got none");
            }
            expression = expression.trim();
        } else {
            throw new IllegalArgumentException(
                    "Placement constraint type must be distinctInstance or memberOf, got " + type);
        }
    }

    /** Returns a constraint that places each task on a different container instance. */
    public static PlacementConstraint distinctInstance() {
        return new PlacementConstraint("distinctInstance", null);
    }

    /** Returns a constraint that keeps tasks on container instances matching the expression. */
    public static PlacementConstraint memberOf(String expression) {
        return new PlacementConstraint("memberOf", expression);
    }

    /** Returns true for a memberOf constraint whose expression reads the Availability Zone. */
    public boolean restrictsAvailabilityZone() {
        return type.equals("memberOf") && expression.toLowerCase(Locale.ROOT).contains("ecs.availability-zone");
    }
}
