package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.ServiceConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ecs.CfnService;

/**
 * Builds the {@link ServiceConfiguration} that decides native rebalancing support, from the
 * construct's props or from the service as it will be synthesized.
 */
final class ServiceConfigurationReader {

    private ServiceConfigurationReader() {
    }

    /**
     * Reads the configuration from props, before the service exists. A Classic Load Balancer can
     * be attached only later, so it is not known yet.
     */
    static ServiceConfiguration fromProps(
            boolean daemon,
            Number maxHealthyPercent,
            List<software.amazon.awscdk.services.ecs.PlacementStrategy> placementStrategies,
            List<software.amazon.awscdk.services.ecs.PlacementConstraint> placementConstraints) {

        List<PlacementStrategy> strategies = new ArrayList<>();
        for (var strategy : placementStrategies) {
            for (CfnService.PlacementStrategyProperty json : strategy.toJson()) {
                strategies.add(new PlacementStrategy(json.getType(), json.getField()));
            }
        }

        List<PlacementConstraint> constraints = new ArrayList<>();
        for (var constraint : placementConstraints) {
            for (CfnService.PlacementConstraintProperty json : constraint.toJson()) {
                constraints.add(new PlacementConstraint(json.getType(), json.getExpression()));
            }
        }

        return new ServiceConfiguration(daemon, concreteInteger(maxHealthyPercent), strategies, constraints, false);
    }

    /**
     * Reads the configuration from the service's CloudFormation resource, which includes every
     * change made after construction: {@code addPlacementStrategies}, {@code addPlacementConstraints}
     * and Classic Load Balancer targets. Property overrides are not seen.
     */
    static ServiceConfiguration fromResource(CfnService resource) {
        Stack stack = Stack.of(resource);

        boolean daemon = "DAEMON".equalsIgnoreCase(String.valueOf(stack.resolve(resource.getSchedulingStrategy())));

        Object deployment = stack.resolve(resource.getDeploymentConfiguration());
        Integer maximumPercent = deployment instanceof Map<?, ?> map
                ? concreteInteger(property(map, "maximumPercent"))
                : null;

        List<PlacementStrategy> strategies = new ArrayList<>();
        for (Map<?, ?> strategy : maps(stack.resolve(resource.getPlacementStrategies()))) {
            strategies.add(new PlacementStrategy(
                    String.valueOf(property(strategy, "type")), stringOrNull(property(strategy, "field"))));
        }

        List<PlacementConstraint> constraints = new ArrayList<>();
        for (Map<?, ?> constraint : maps(stack.resolve(resource.getPlacementConstraints()))) {
            constraints.add(new PlacementConstraint(
                    String.valueOf(property(constraint, "type")), stringOrNull(property(constraint, "expression"))));
        }

        // A Classic Load Balancer entry names the load balancer, while Application and Network
        // Load Balancer entries name a target group instead.
        boolean classicLoadBalancer = maps(stack.resolve(resource.getLoadBalancers())).stream()
                .anyMatch(loadBalancer -> property(loadBalancer, "loadBalancerName") != null);

        return new ServiceConfiguration(daemon, maximumPercent, strategies, constraints, classicLoadBalancer);
    }

    /** Returns the value as an integer, or null for an unresolved token or a missing value. */
    private static Integer concreteInteger(Object value) {
        if (value instanceof Number number && !Token.isUnresolved(number)) {
            return number.intValue();
        }
        return null;
    }

    private static List<Map<?, ?>> maps(Object resolved) {
        List<Map<?, ?>> maps = new ArrayList<>();
        if (resolved instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    maps.add(map);
                }
            }
        }
        return maps;
    }

    /**
     * Returns a property of a resolved object by its L1 name ({@code maximumPercent}) or its
     * CloudFormation name ({@code MaximumPercent}), because escape hatches may use either.
     */
    private static Object property(Map<?, ?> map, String camelCaseName) {
        Object value = map.get(camelCaseName);
        if (value == null) {
            value = map.get(Character.toUpperCase(camelCaseName.charAt(0)) + camelCaseName.substring(1));
        }
        return value;
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
