package io.github.rebalancedecs.emulator;

/** The status of a service deployment, as {@code DescribeServices} reports it. */
public enum DeploymentStatus {
    /** The most recent deployment: the scheduler starts its tasks. */
    PRIMARY,
    /** An older deployment that still has tasks, which the scheduler is replacing with the PRIMARY's. */
    ACTIVE
}
