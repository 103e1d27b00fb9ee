package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;

import java.util.List;

/**
 * The fields of an UpdateService request; a {@code null} field leaves the service's value as it is,
 * as ECS does for a parameter left out of the request.
 *
 * @param taskDefinition     the task definition to deploy, as an ARN, {@code family:revision} or
 *                           {@code family} (its latest revision); a revision other than the
 *                           PRIMARY deployment's starts a deployment
 * @param forceNewDeployment true to start a deployment even when the task definition stays the same
 */
public record ServiceUpdate(
        Integer desiredCount,
        Boolean availabilityZoneRebalancing,
        List<PlacementStrategy> placementStrategies,
        List<PlacementConstraint> placementConstraints,
        Integer minimumHealthyPercent,
        Integer maximumPercent,
        String taskDefinition,
        boolean forceNewDeployment) {

    public ServiceUpdate {
        placementStrategies = placementStrategies == null ? null : List.copyOf(placementStrategies);
        placementConstraints = placementConstraints == null ? null : List.copyOf(placementConstraints);
    }

    /** Creates an update that starts no deployment. */
    public ServiceUpdate(Integer desiredCount, Boolean availabilityZoneRebalancing,
            List<PlacementStrategy> placementStrategies, List<PlacementConstraint> placementConstraints,
            Integer minimumHealthyPercent, Integer maximumPercent) {
        this(desiredCount, availabilityZoneRebalancing, placementStrategies, placementConstraints,
                minimumHealthyPercent, maximumPercent, null, false);
    }
}
