package io.github.rebalancedecs.construct;

/**
 * The layout of the Auto Scaling group capacity providers of a {@link RebalancedEc2Service}
 * across Availability Zones.
 */
public enum CapacityLayout {

    /**
     * One Auto Scaling group and capacity provider spanning every Availability Zone.
     *
     * <p>Pick it by default. When an Availability Zone is impaired, the group launches instances in
     * the remaining zones and ECS places the service's tasks there. The group balances its
     * instances across zones on its own, so ECS managed scaling cannot ask for an instance in one
     * particular zone: a zone that runs short of capacity waits until the group's own balancing
     * launches an instance there.
     */
    SHARED,

    /**
     * One Auto Scaling group and capacity provider per Availability Zone, with equal weights in
     * the service's capacity provider strategy.
     *
     * <p>Pick it when managed scaling must add instances in exactly the zone that lacks capacity,
     * for example when tasks are large compared with an instance. The cost: ECS assigns each task
     * to a capacity provider by weight, and each group can launch instances only in its own zone.
     * While a zone is impaired, the tasks assigned to its provider can wait in {@code PROVISIONING}
     * instead of starting in another zone, so size the desired count with that margin in mind.
     */
    ZONAL
}
