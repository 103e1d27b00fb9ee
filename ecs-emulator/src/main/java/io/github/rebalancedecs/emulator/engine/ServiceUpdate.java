package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;

import java.util.List;

/**
 * The fields of an UpdateService request; a {@code null} field leaves the service's value as it is,
 * as ECS does for a parameter left out of the request.
 */
public record ServiceUpdate(
        Integer desiredCount,
        Boolean availabilityZoneRebalancing,
        List<PlacementStrategy> placementStrategies,
        List<PlacementConstraint> placementConstraints,
        Integer minimumHealthyPercent,
        Integer maximumPercent) {

    public ServiceUpdate {
        placementStrategies = placementStrategies == null ? null : List.copyOf(placementStrategies);
        placementConstraints = placementConstraints == null ? null : List.copyOf(placementConstraints);
    }
}
