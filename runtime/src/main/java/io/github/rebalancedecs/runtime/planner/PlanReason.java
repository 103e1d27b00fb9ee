package io.github.rebalancedecs.runtime.planner;

/** The reason behind a plan: why it has these moves, or none. */
public enum PlanReason {
    SKEWED("the skew exceeds maxSkew or an eligible Availability Zone has no task"),
    BALANCED("the tasks are balanced within maxSkew"),
    SERVICE_NOT_ACTIVE("the service is not ACTIVE"),
    DAEMON_SERVICE("DAEMON services run one task per instance and need no rebalancing"),
    NOT_ON_EC2("the service does not run on EC2 container instances"),
    DESIRED_COUNT_ZERO("the desired count is 0"),
    DEPLOYMENT_IN_PROGRESS("a deployment is in progress"),
    TASKS_IN_TRANSITION("tasks are starting or stopping"),
    TASKS_NOT_HEALTHY("a RUNNING task is UNHEALTHY or its container health check has not passed yet"),
    SERVICE_NOT_STEADY("the running tasks do not match the desired count"),
    INSTANCE_DRAINING("a container instance that runs a task of the service is DRAINING"),
    UNSUPPORTED_PLACEMENT_CONSTRAINT("a memberOf placement constraint uses a form the planner cannot evaluate"),
    COOLDOWN("the cooldown after the last rebalance has not ended"),
    INEFFECTIVE_COOLDOWN("the last rebalance was ineffective and its cooldown has not ended"),
    NO_ELIGIBLE_AVAILABILITY_ZONE("no Availability Zone can take one more task"),
    NO_SURGE_HEADROOM("maximumPercent leaves no room for an extra task; use the REPLACE strategy"),
    NO_REPLACE_HEADROOM("stopping one task would go below minimumHealthyPercent"),
    NO_MOVE_LOWERS_SKEW("no task can move to a less loaded Availability Zone");

    private final String description;

    PlanReason(String description) {
        this.description = description;
    }

    /** Returns a sentence fragment that explains the reason to an operator. */
    public String description() {
        return description;
    }
}
