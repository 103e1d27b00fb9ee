package io.github.rebalancedecs.construct;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.PlacementConstraint;
import software.amazon.awscdk.services.ecs.PlacementStrategy;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties of a {@link RebalancedEc2Service}.
 *
 * <p>Related options share a prefix instead of nesting objects: {@code capacity...} for the Auto
 * Scaling groups, {@code rebalancer...} for the fallback rebalancer's Lambda function,
 * {@code alarm...} for the alarms and {@code dashboard...} for the CloudWatch dashboard. Every getter returns {@code null} for an option that was not set, and the
 * {@code @default} of each option describes what the construct does then.
 */
public final class RebalancedEc2ServiceProps {

    private final TaskDefinition taskDefinition;
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final Number availabilityZoneCount;
    private final List<String> availabilityZones;
    private final Number natGateways;
    private final Cluster cluster;
    private final CapacityLayout capacityLayout;
    private final InstanceType capacityInstanceType;
    private final Number capacityMinInstancesPerAz;
    private final Number capacityMaxInstancesPerAz;
    private final Number capacityTargetPercent;
    private final String serviceName;
    private final Number desiredCount;
    private final Number minHealthyPercent;
    private final Number maxHealthyPercent;
    private final List<PlacementStrategy> placementStrategies;
    private final List<PlacementConstraint> placementConstraints;
    private final Boolean daemon;
    private final RebalancingMode rebalancingMode;
    private final RebalancerStrategy rebalancerStrategy;
    private final Number rebalancerMaxSurge;
    private final Number rebalancerMaxMovesPerRun;
    private final Number rebalancerMaxSkew;
    private final Duration rebalancerCooldown;
    private final Schedule rebalancerSchedule;
    private final RebalancerMaintenanceWindow rebalancerMaintenanceWindow;
    private final Boolean rebalancerDryRun;
    private final RetentionDays rebalancerLogRetention;
    private final RebalancedEc2Service rebalancerSharedWith;
    private final ITopic alarmTopic;
    private final Duration alarmSkewDuration;
    private final Boolean dashboardEnabled;

    private RebalancedEc2ServiceProps(Builder builder) {
        this.taskDefinition = Objects.requireNonNull(builder.taskDefinition, "taskDefinition is required");
        this.vpc = builder.vpc;
        this.vpcSubnets = builder.vpcSubnets;
        this.availabilityZoneCount = builder.availabilityZoneCount;
        this.availabilityZones = builder.availabilityZones == null ? null : List.copyOf(builder.availabilityZones);
        this.natGateways = builder.natGateways;
        this.cluster = builder.cluster;
        this.capacityLayout = builder.capacityLayout;
        this.capacityInstanceType = builder.capacityInstanceType;
        this.capacityMinInstancesPerAz = builder.capacityMinInstancesPerAz;
        this.capacityMaxInstancesPerAz = builder.capacityMaxInstancesPerAz;
        this.capacityTargetPercent = builder.capacityTargetPercent;
        this.serviceName = builder.serviceName;
        this.desiredCount = builder.desiredCount;
        this.minHealthyPercent = builder.minHealthyPercent;
        this.maxHealthyPercent = builder.maxHealthyPercent;
        this.placementStrategies = builder.placementStrategies == null ? null : List.copyOf(builder.placementStrategies);
        this.placementConstraints =
                builder.placementConstraints == null ? null : List.copyOf(builder.placementConstraints);
        this.daemon = builder.daemon;
        this.rebalancingMode = builder.rebalancingMode;
        this.rebalancerStrategy = builder.rebalancerStrategy;
        this.rebalancerMaxSurge = builder.rebalancerMaxSurge;
        this.rebalancerMaxMovesPerRun = builder.rebalancerMaxMovesPerRun;
        this.rebalancerMaxSkew = builder.rebalancerMaxSkew;
        this.rebalancerCooldown = builder.rebalancerCooldown;
        this.rebalancerSchedule = builder.rebalancerSchedule;
        this.rebalancerMaintenanceWindow = builder.rebalancerMaintenanceWindow;
        this.rebalancerDryRun = builder.rebalancerDryRun;
        this.rebalancerLogRetention = builder.rebalancerLogRetention;
        this.rebalancerSharedWith = builder.rebalancerSharedWith;
        this.alarmTopic = builder.alarmTopic;
        this.alarmSkewDuration = builder.alarmSkewDuration;
        this.dashboardEnabled = builder.dashboardEnabled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The task definition of the service's tasks. It must be compatible with EC2.
     */
    public TaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /**
     * The VPC for the container instances.
     *
     * @default - a new VPC across {@link #getAvailabilityZoneCount() availabilityZoneCount}
     *          Availability Zones, with a public and a private subnet in each and
     *          {@link #getNatGateways() natGateways} NAT gateways
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The subnets for the container instances, and for the tasks when the task definition uses
     * the {@code awsvpc} network mode. The construct uses every Availability Zone of these subnets.
     *
     * @default - the VPC's private subnets with egress
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * The number of Availability Zones of the new VPC, at least 2. Applies only when the construct
     * creates the VPC and {@link #getAvailabilityZones() availabilityZones} is not set.
     *
     * <p>For an environment-agnostic stack, the construct picks the zones at deploy time with
     * {@code Fn::Select} over {@code Fn::GetAZs}, because such a stack has only 2 zone names at
     * synth time. CloudFormation then takes the region's first zones, and the deployment fails in
     * a region with fewer zones. For a stack with an account and region, the construct takes the
     * first zones of {@code Stack.getAvailabilityZones()}, a context lookup that the CDK CLI
     * caches in {@code cdk.context.json}.
     *
     * @default 3
     */
    public Number getAvailabilityZoneCount() {
        return availabilityZoneCount;
    }

    /**
     * The Availability Zones of the new VPC by name, at least 2. Set it to pin the zones without
     * a context lookup, for example {@code List.of("us-east-1a", "us-east-1b", "us-east-1c")}.
     * The template then deploys only in the region of those zones.
     *
     * @default - {@link #getAvailabilityZoneCount() availabilityZoneCount} zones picked as
     *          described there
     */
    public List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    /**
     * The number of NAT gateways of the new VPC, from 1 to the number of Availability Zones.
     *
     * <p>One NAT gateway per zone means no zone depends on another zone for egress, so the loss of
     * one zone cannot cut the container instances of the others off from ECS and the image
     * registry. Each NAT gateway is billed per hour and per GB processed (see Amazon VPC
     * pricing). Set 1 to pay for one gateway, accepting that every zone loses egress while the
     * gateway's zone is impaired.
     *
     * @default - one per Availability Zone
     */
    public Number getNatGateways() {
        return natGateways;
    }

    /**
     * The ECS cluster. It must be in the same stack and, when {@link #getVpc() vpc} is also set,
     * in that VPC. The construct associates its capacity providers with it and adds the container
     * instances' security group to its connections.
     *
     * <p>The type is the {@code Cluster} class rather than {@code ICluster} because capacity
     * providers can be added only to a cluster defined in the app.
     *
     * @default - a new cluster in the VPC
     */
    public Cluster getCluster() {
        return cluster;
    }

    /**
     * The layout of the Auto Scaling group capacity providers across Availability Zones.
     *
     * @default CapacityLayout.SHARED
     */
    public CapacityLayout getCapacityLayout() {
        return capacityLayout;
    }

    /**
     * The EC2 instance type of the container instances. The construct picks the ECS-optimized
     * Amazon Linux 2023 AMI for the type's architecture (x86_64 or arm64).
     *
     * @default t3.medium
     */
    public InstanceType getCapacityInstanceType() {
        return capacityInstanceType;
    }

    /**
     * The minimum number of container instances per Availability Zone. With
     * {@link CapacityLayout#SHARED} the group's minimum is this value times the number of zones.
     *
     * @default 1
     */
    public Number getCapacityMinInstancesPerAz() {
        return capacityMinInstancesPerAz;
    }

    /**
     * The maximum number of container instances per Availability Zone, at least 1. With
     * {@link CapacityLayout#SHARED} the group's maximum is this value times the number of zones.
     *
     * @default 3
     */
    public Number getCapacityMaxInstancesPerAz() {
        return capacityMaxInstancesPerAz;
    }

    /**
     * The target capacity of ECS managed scaling, from 1 to 100 percent. Below 100, managed
     * scaling keeps spare instances for tasks that start during a deployment or a rebalance.
     *
     * @default 100
     */
    public Number getCapacityTargetPercent() {
        return capacityTargetPercent;
    }

    /**
     * The name of the ECS service.
     *
     * @default - a name generated by CloudFormation
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * The number of tasks the service keeps running. A value below the number of Availability
     * Zones leaves at least one zone without a task and gets a warning.
     *
     * @default - the number of Availability Zones
     */
    public Number getDesiredCount() {
        return desiredCount;
    }

    /**
     * The lower limit of running tasks during a deployment, as a percentage of the desired count.
     * It must be below {@link #getMaxHealthyPercent() maxHealthyPercent}.
     *
     * @default 100
     */
    public Number getMinHealthyPercent() {
        return minHealthyPercent;
    }

    /**
     * The upper limit of running tasks during a deployment, as a percentage of the desired count.
     * ECS native rebalancing needs a value above 100, because it starts a task in the short zone
     * before it stops one in the crowded zone.
     *
     * @default 200
     */
    public Number getMaxHealthyPercent() {
        return maxHealthyPercent;
    }

    /**
     * The task placement strategies, in the order ECS applies them. ECS native rebalancing needs
     * a first strategy that spreads across {@code attribute:ecs.availability-zone}.
     *
     * @default - spread across {@code attribute:ecs.availability-zone}, then spread across
     *          instances
     */
    public List<PlacementStrategy> getPlacementStrategies() {
        return placementStrategies;
    }

    /**
     * The task placement constraints. ECS native rebalancing does not act with a
     * {@code memberOf} constraint on {@code attribute:ecs.availability-zone}.
     *
     * @default - no constraints
     */
    public List<PlacementConstraint> getPlacementConstraints() {
        return placementConstraints;
    }

    /**
     * Whether the service uses the DAEMON scheduling strategy. Only {@code false} is accepted: a
     * DAEMON service runs one task on every container instance, so there is no balance across
     * Availability Zones to keep. Use {@code Ec2Service} with {@code daemon(true)} directly.
     *
     * @default false
     */
    public Boolean getDaemon() {
        return daemon;
    }

    /**
     * The mechanism that keeps the service's tasks balanced across Availability Zones.
     *
     * @default RebalancingMode.AUTO
     */
    public RebalancingMode getRebalancingMode() {
        return rebalancingMode;
    }

    /**
     * How the fallback rebalancer moves tasks. Applies when a rebalancer function moves tasks:
     * {@link RebalancingMode#FALLBACK}, or {@link RebalancingMode#AUTO} on a service that ECS native
     * rebalancing does not support.
     *
     * @default - {@link RebalancerStrategy#REPLACE} when {@link #getMaxHealthyPercent()
     *          maxHealthyPercent} is 100 or lower, because the service then may not run extra
     *          tasks, otherwise {@link RebalancerStrategy#SURGE}
     */
    public RebalancerStrategy getRebalancerStrategy() {
        return rebalancerStrategy;
    }

    /**
     * With {@link RebalancerStrategy#SURGE}, the maximum number of extra tasks the rebalancer starts
     * at once, from 1 to 1000. Set it to spread a large rebalance over several operations, for
     * example when the cluster has little spare capacity.
     *
     * @default - no cap of its own: a SURGE runs at most {@link #getMaxHealthyPercent()
     *          maxHealthyPercent} of the desired count, as a deployment does
     */
    public Number getRebalancerMaxSurge() {
        return rebalancerMaxSurge;
    }

    /**
     * The maximum number of tasks one rebalancer operation moves, from 1 to 1000. The rest wait
     * for the next operation, after {@link #getRebalancerCooldown() rebalancerCooldown}.
     *
     * @default - no cap of its own: an operation moves every task that the skew needs, as a
     *          deployment does. SURGE starts them at once within {@link #getMaxHealthyPercent()
     *          maxHealthyPercent} of the desired count, and REPLACE replaces them one at a time
     *          within {@link #getMinHealthyPercent() minHealthyPercent}
     */
    public Number getRebalancerMaxMovesPerRun() {
        return rebalancerMaxMovesPerRun;
    }

    /**
     * The largest difference between the task counts of two Availability Zones that needs no
     * action, from 1 to 1000. The skew alarm fires when the skew stays above it.
     *
     * @default 1
     */
    public Number getRebalancerMaxSkew() {
        return rebalancerMaxSkew;
    }

    /**
     * The time after a completed rebalance before the rebalancer may start the next operation, in
     * whole minutes from 0 to 10080 (7 days). A token must be given with {@code Duration.minutes}.
     * An operation that did not help, because ECS put a moved task back or the operation rolled
     * back, is followed by the runtime's longer wait of 30 minutes instead.
     *
     * @default Duration.minutes(1), the rebalancer function's own default
     */
    public Duration getRebalancerCooldown() {
        return rebalancerCooldown;
    }

    /**
     * How often the rebalancer runs. It also runs at once when a container instance of the cluster
     * becomes ACTIVE and connected, and when a task of the service stops for a reason other than a
     * user's or the rebalancer's own StopTask call.
     *
     * <p>A rate schedule, at most once a day, gives the alarms their periods: one scheduled run for
     * the errors, rollbacks and heartbeat alarms, and one run plus the function's 4-minute timeout
     * for the skew alarm. With a cron schedule they use a period of 1 hour, and the heartbeat alarm
     * a period of 1 day.
     *
     * @default - every minute, EventBridge's shortest rate
     */
    public Schedule getRebalancerSchedule() {
        return rebalancerSchedule;
    }

    /**
     * When the rebalancer may move tasks. Outside the window it observes, reports and publishes
     * metrics, but starts no move.
     *
     * @default - the rebalancer may move tasks at any time
     */
    public RebalancerMaintenanceWindow getRebalancerMaintenanceWindow() {
        return rebalancerMaintenanceWindow;
    }

    /**
     * Whether the rebalancer only plans, logs and publishes metrics, without changing the service.
     * {@link RebalancingMode#MONITOR} always runs it this way.
     *
     * @default false
     */
    public Boolean getRebalancerDryRun() {
        return rebalancerDryRun;
    }

    /**
     * How long CloudWatch Logs keeps the rebalancer's logs.
     *
     * @default RetentionDays.ONE_MONTH
     */
    public RetentionDays getRebalancerLogRetention() {
        return rebalancerLogRetention;
    }

    /**
     * Another service of the same cluster whose rebalancer function also serves this service, so
     * that this service creates no function of its own. The function then lists both services in
     * its configuration, may read and change both, and starts a run when a task of either stops.
     * Each service keeps its own alarms and dashboard on its own metrics, and its errors alarm
     * watches the errors of the shared function.
     *
     * <p>Share one function when several services of a cluster follow one rebalancing policy: the
     * cluster then has one function, one schedule and one warm execution environment instead of
     * one per service, and fewer cold starts. The function keeps a reserved concurrency of 1, so an
     * invocation rebalances the services one after another, within the function's timeout of 4
     * minutes, and two runs never act on the cluster at the same time.
     *
     * <p>Both services must be in the same stack and cluster, both must run a rebalancer function
     * (FALLBACK or MONITOR, or AUTO on a service that native rebalancing does not support), and
     * both must have the same rebalancing policy: strategy, maximum skew, maximum moves per run,
     * maximum surge, cooldown, maintenance window, dry run, schedule, and whether the function
     * moves tasks or only measures. A cap or cooldown left unset matches only one left unset. A
     * service that itself shares a function passes that function on. This service's
     * {@code rebalancerLogRetention} is ignored, because the function's log group belongs to the
     * other service.
     *
     * @default - the service gets a rebalancer function of its own when its mode needs one
     */
    public RebalancedEc2Service getRebalancerSharedWith() {
        return rebalancerSharedWith;
    }

    /**
     * The SNS topic that receives the alarms' state changes (ALARM and OK) and the ECS service
     * events that mean rebalancing cannot work: task placement failures, tasks that fail to start
     * and task configuration failures. The events are sent in every mode, the alarms only in the
     * modes that run a rebalancer function.
     *
     * @default - the alarms exist but notify nobody, and no service event is forwarded
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * How long the skew must stay above {@link #getRebalancerMaxSkew() rebalancerMaxSkew} before
     * the skew alarm fires, in whole minutes, from one skew alarm period to 1 day. The period is one
     * scheduled run plus the function's 4-minute timeout (5 minutes by default), or 1 hour for a
     * cron schedule. The duration is rounded up to whole periods, and for a period under 1 hour
     * those must not exceed 1 day together.
     *
     * <p>Users observed that ECS native rebalancing waits about 20 minutes before it acts, and new
     * container instances that a short zone needs take minutes to join the cluster, so a shorter
     * time reports skew that is about to be repaired.
     *
     * @default Duration.minutes(45), or one skew alarm period when that is longer
     */
    public Duration getAlarmSkewDuration() {
        return alarmSkewDuration;
    }

    /**
     * Whether to create a CloudWatch dashboard with the tasks per Availability Zone, the skew and
     * the rebalancer's moves. Applies to the modes that run a rebalancer function, because the
     * function publishes these metrics.
     *
     * @default true
     */
    public Boolean getDashboardEnabled() {
        return dashboardEnabled;
    }

    /** A builder for {@link RebalancedEc2ServiceProps}. */
    public static final class Builder {
        private TaskDefinition taskDefinition;
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private Number availabilityZoneCount;
        private List<String> availabilityZones;
        private Number natGateways;
        private Cluster cluster;
        private CapacityLayout capacityLayout;
        private InstanceType capacityInstanceType;
        private Number capacityMinInstancesPerAz;
        private Number capacityMaxInstancesPerAz;
        private Number capacityTargetPercent;
        private String serviceName;
        private Number desiredCount;
        private Number minHealthyPercent;
        private Number maxHealthyPercent;
        private List<PlacementStrategy> placementStrategies;
        private List<PlacementConstraint> placementConstraints;
        private Boolean daemon;
        private RebalancingMode rebalancingMode;
        private RebalancerStrategy rebalancerStrategy;
        private Number rebalancerMaxSurge;
        private Number rebalancerMaxMovesPerRun;
        private Number rebalancerMaxSkew;
        private Duration rebalancerCooldown;
        private Schedule rebalancerSchedule;
        private RebalancerMaintenanceWindow rebalancerMaintenanceWindow;
        private Boolean rebalancerDryRun;
        private RetentionDays rebalancerLogRetention;
        private RebalancedEc2Service rebalancerSharedWith;
        private ITopic alarmTopic;
        private Duration alarmSkewDuration;
        private Boolean dashboardEnabled;

        private Builder() {
        }

        /** Sets {@link RebalancedEc2ServiceProps#getTaskDefinition()}. */
        public Builder taskDefinition(TaskDefinition taskDefinition) {
            this.taskDefinition = taskDefinition;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getVpc()}. */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getVpcSubnets()}. */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getAvailabilityZoneCount()}. */
        public Builder availabilityZoneCount(Number availabilityZoneCount) {
            this.availabilityZoneCount = availabilityZoneCount;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getAvailabilityZones()}. */
        public Builder availabilityZones(List<String> availabilityZones) {
            this.availabilityZones = availabilityZones;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getNatGateways()}. */
        public Builder natGateways(Number natGateways) {
            this.natGateways = natGateways;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCluster()}. */
        public Builder cluster(Cluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCapacityLayout()}. */
        public Builder capacityLayout(CapacityLayout capacityLayout) {
            this.capacityLayout = capacityLayout;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCapacityInstanceType()}. */
        public Builder capacityInstanceType(InstanceType capacityInstanceType) {
            this.capacityInstanceType = capacityInstanceType;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCapacityMinInstancesPerAz()}. */
        public Builder capacityMinInstancesPerAz(Number capacityMinInstancesPerAz) {
            this.capacityMinInstancesPerAz = capacityMinInstancesPerAz;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCapacityMaxInstancesPerAz()}. */
        public Builder capacityMaxInstancesPerAz(Number capacityMaxInstancesPerAz) {
            this.capacityMaxInstancesPerAz = capacityMaxInstancesPerAz;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getCapacityTargetPercent()}. */
        public Builder capacityTargetPercent(Number capacityTargetPercent) {
            this.capacityTargetPercent = capacityTargetPercent;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getServiceName()}. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getDesiredCount()}. */
        public Builder desiredCount(Number desiredCount) {
            this.desiredCount = desiredCount;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getMinHealthyPercent()}. */
        public Builder minHealthyPercent(Number minHealthyPercent) {
            this.minHealthyPercent = minHealthyPercent;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getMaxHealthyPercent()}. */
        public Builder maxHealthyPercent(Number maxHealthyPercent) {
            this.maxHealthyPercent = maxHealthyPercent;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getPlacementStrategies()}. */
        public Builder placementStrategies(List<PlacementStrategy> placementStrategies) {
            this.placementStrategies = placementStrategies;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getPlacementConstraints()}. */
        public Builder placementConstraints(List<PlacementConstraint> placementConstraints) {
            this.placementConstraints = placementConstraints;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getDaemon()}. */
        public Builder daemon(Boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancingMode()}. */
        public Builder rebalancingMode(RebalancingMode rebalancingMode) {
            this.rebalancingMode = rebalancingMode;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerStrategy()}. */
        public Builder rebalancerStrategy(RebalancerStrategy rebalancerStrategy) {
            this.rebalancerStrategy = rebalancerStrategy;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerMaxSurge()}. */
        public Builder rebalancerMaxSurge(Number rebalancerMaxSurge) {
            this.rebalancerMaxSurge = rebalancerMaxSurge;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerMaxMovesPerRun()}. */
        public Builder rebalancerMaxMovesPerRun(Number rebalancerMaxMovesPerRun) {
            this.rebalancerMaxMovesPerRun = rebalancerMaxMovesPerRun;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerMaxSkew()}. */
        public Builder rebalancerMaxSkew(Number rebalancerMaxSkew) {
            this.rebalancerMaxSkew = rebalancerMaxSkew;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerCooldown()}. */
        public Builder rebalancerCooldown(Duration rebalancerCooldown) {
            this.rebalancerCooldown = rebalancerCooldown;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerSchedule()}. */
        public Builder rebalancerSchedule(Schedule rebalancerSchedule) {
            this.rebalancerSchedule = rebalancerSchedule;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerMaintenanceWindow()}. */
        public Builder rebalancerMaintenanceWindow(RebalancerMaintenanceWindow rebalancerMaintenanceWindow) {
            this.rebalancerMaintenanceWindow = rebalancerMaintenanceWindow;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerDryRun()}. */
        public Builder rebalancerDryRun(Boolean rebalancerDryRun) {
            this.rebalancerDryRun = rebalancerDryRun;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerLogRetention()}. */
        public Builder rebalancerLogRetention(RetentionDays rebalancerLogRetention) {
            this.rebalancerLogRetention = rebalancerLogRetention;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getRebalancerSharedWith()}. */
        public Builder rebalancerSharedWith(RebalancedEc2Service rebalancerSharedWith) {
            this.rebalancerSharedWith = rebalancerSharedWith;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getAlarmTopic()}. */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getAlarmSkewDuration()}. */
        public Builder alarmSkewDuration(Duration alarmSkewDuration) {
            this.alarmSkewDuration = alarmSkewDuration;
            return this;
        }

        /** Sets {@link RebalancedEc2ServiceProps#getDashboardEnabled()}. */
        public Builder dashboardEnabled(Boolean dashboardEnabled) {
            this.dashboardEnabled = dashboardEnabled;
            return this;
        }

        /**
         * Builds the properties.
         *
         * @throws NullPointerException when {@code taskDefinition} is missing
         */
        public RebalancedEc2ServiceProps build() {
            return new RebalancedEc2ServiceProps(this);
        }
    }
}
