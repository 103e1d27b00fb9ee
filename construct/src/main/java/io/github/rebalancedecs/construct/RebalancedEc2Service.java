package io.github.rebalancedecs.construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AmiHardwareType;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.BuiltInAttributes;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PlacementConstraint;
import software.amazon.awscdk.services.ecs.PlacementStrategy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * An ECS service on EC2 whose tasks stay balanced across Availability Zones, with the VPC,
 * cluster and Auto Scaling group capacity providers it runs on.
 *
 * <p>The construct creates, unless given:
 * <ul>
 *   <li>a VPC across 3 Availability Zones with one NAT gateway per zone;</li>
 *   <li>an ECS cluster in that VPC;</li>
 *   <li>Auto Scaling group capacity providers on the ECS-optimized Amazon Linux 2023 AMI, with
 *       managed scaling and managed draining on, laid out by {@link CapacityLayout};</li>
 *   <li>an {@code Ec2Service} that spreads tasks across Availability Zones, then across
 *       instances, with the deployment circuit breaker and rollback on.</li>
 * </ul>
 *
 * <p>The service's {@code AvailabilityZoneRebalancing} setting is always stated in the template,
 * from the {@link RebalancingMode}. Synthesis fails when NATIVE is chosen for a service that native
 * rebalancing does not support, and it checks the service as synthesized, so a placement
 * strategy, a constraint or a Classic Load Balancer added after construction is checked too.
 *
 * <p>Where the mode needs it (FALLBACK, MONITOR, or AUTO on a service that native rebalancing
 * does not support), the construct adds the fallback rebalancer: a Lambda function bundled in this
 * library's jar, run on a schedule and, when it may move tasks, at once when a container instance
 * connects or a task of the service stops. It adds alarms on skew, failed runs (function errors
 * plus runs that ended FAILED), rollbacks and a missing heartbeat, and a CloudWatch dashboard.
 * With an {@code alarmTopic}, the alarms and the ECS service events that mean tasks cannot be
 * placed go to that topic, in every mode. The {@code metricXxx} methods name the metrics that the
 * function publishes: {@code AzSkew}, {@code TasksPerAz}, {@code RebalanceMovesPlanned},
 * {@code RebalanceMovesCompleted}, {@code RebalanceRollbacks}, {@code RebalanceSkipped} and
 * {@code RebalanceFailures}.
 *
 * <p>Stack deletion: the service depends on the cluster's capacity provider association, so
 * CloudFormation deletes the service before it removes the capacity providers from the cluster.
 * Managed termination protection is off, because instances that ECS protects from scale-in keep
 * the Auto Scaling group from reaching zero instances, and the group's deletion then hangs.
 * Managed draining moves tasks off an instance before the group terminates it instead.
 *
 * <p>Construct IDs are part of the API, because renaming one replaces its resources: {@code Vpc},
 * {@code Cluster}, {@code Capacity} (with {@code SecurityGroup}, {@code InstanceRole}, and
 * {@code LaunchTemplate}, {@code AutoScalingGroup} and {@code CapacityProvider} directly under it
 * for {@link CapacityLayout#SHARED} or under {@code Az1}, {@code Az2}, ... for
 * {@link CapacityLayout#ZONAL}), {@code Service}, {@code Rebalancer} (with {@code LogGroup},
 * {@code ServiceRole}, {@code Function}, {@code Alias}, {@code Schedule}, {@code InstanceConnected}
 * and {@code TaskStopped}, or only {@code TaskStopped} for a service that shares another's function
 * through {@code rebalancerSharedWith}), {@code Alarms} (with {@code AzSkew}, {@code RebalancerErrors},
 * {@code Rollbacks}, {@code Heartbeat} and {@code ServiceEvents}) and {@code Dashboard}. Changing
 * the layout therefore replaces the Auto Scaling groups and capacity providers.
 *
 * <pre>{@code
 * Ec2TaskDefinition taskDefinition = Ec2TaskDefinition.Builder.create(stack, "Task").build();
 * taskDefinition.addContainer("web", ContainerDefinitionOptions.builder()
 *         .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable-alpine"))
 *         .memoryLimitMiB(128)
 *         .build());
 * new RebalancedEc2Service(stack, "Web", RebalancedEc2ServiceProps.builder()
 *         .taskDefinition(taskDefinition)
 *         .build());
 * }</pre>
 */
public class RebalancedEc2Service extends Construct {

    static final int DEFAULT_AVAILABILITY_ZONE_COUNT = 3;
    static final int DEFAULT_MIN_HEALTHY_PERCENT = 100;
    static final int DEFAULT_MAX_HEALTHY_PERCENT = 200;
    static final int DEFAULT_MIN_INSTANCES_PER_AZ = 1;
    static final int DEFAULT_MAX_INSTANCES_PER_AZ = 3;
    static final int DEFAULT_TARGET_CAPACITY_PERCENT = 100;

    /** The ID of the warning for MONITOR mode on a service that native rebalancing does not act on. */
    public static final String MONITOR_WARNING_ID = "rebalanced-ecs:monitorWithoutNativeRebalancing";

    /** The ID of the warning for props that the chosen mode or strategy ignores. */
    public static final String IGNORED_PROPS_WARNING_ID = "rebalanced-ecs:rebalancerPropsIgnored";

    /** The ID of the warning for a desired count below the number of Availability Zones. */
    public static final String DESIRED_COUNT_WARNING_ID = "rebalanced-ecs:desiredCountBelowAvailabilityZoneCount";

    /**
     * ECS rejects capacity provider names that start with these prefixes. CloudFormation starts a
     * generated name with the stack name, so such a stack needs an explicit name.
     */
    private static final Pattern RESERVED_CAPACITY_PROVIDER_PREFIX =
            Pattern.compile("^(aws|ecs|fargate)", Pattern.CASE_INSENSITIVE);

    /** The maximum length of a capacity provider name (ECS CreateCapacityProvider API reference). */
    private static final int MAX_CAPACITY_PROVIDER_NAME_LENGTH = 255;
    private static final String CAPACITY_PROVIDER_NAME_PREFIX = "cp-";

    private final RebalancingMode rebalancingMode;
    private final List<String> availabilityZones;
    private final IVpc vpc;
    private final Cluster cluster;
    private final SecurityGroup capacitySecurityGroup;
    private Role capacityInstanceRole;
    private final List<AutoScalingGroup> autoScalingGroups = new ArrayList<>();
    private final List<AsgCapacityProvider> capacityProviders = new ArrayList<>();
    private final Ec2Service service;
    private final RebalancerMetrics metrics;
    private final FallbackRebalancer rebalancer;
    private final RebalancingAlarms alarms;
    private final Dashboard dashboard;

    /**
     * Creates the service and whatever it runs on that the props do not give.
     *
     * @throws IllegalArgumentException when a prop is invalid or rebalancingMode NATIVE cannot be
     *                                  honoured with the props given. The message names the prop,
     *                                  the rule and the value.
     */
    public RebalancedEc2Service(Construct scope, String id, RebalancedEc2ServiceProps props) {
        super(scope, id);

        // 1. Reject bad input before any child exists.
        RebalancedEc2ServiceValidation.validateProps(this, props);
        this.rebalancingMode = props.getRebalancingMode() == null ? RebalancingMode.AUTO : props.getRebalancingMode();
        List<PlacementStrategy> placementStrategies = props.getPlacementStrategies() == null
                ? List.of(PlacementStrategy.spreadAcross(BuiltInAttributes.AVAILABILITY_ZONE),
                        PlacementStrategy.spreadAcrossInstances())
                : props.getPlacementStrategies();
        List<PlacementConstraint> placementConstraints =
                props.getPlacementConstraints() == null ? List.of() : props.getPlacementConstraints();
        Number maxHealthyPercent =
                props.getMaxHealthyPercent() == null ? DEFAULT_MAX_HEALTHY_PERCENT : props.getMaxHealthyPercent();
        RebalancingDecision earlyDecision = RebalancingDecision.decide(rebalancingMode,
                ServiceConfigurationReader.fromProps(false, maxHealthyPercent, placementStrategies,
                        placementConstraints));
        boolean createsRebalancer = earlyDecision.needsRebalancerFunction();
        if (!earlyDecision.errors(createsRebalancer).isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", earlyDecision.errors(createsRebalancer)));
        }

        RebalancerSettings rebalancerSettings = RebalancerSettings.of(props, rebalancingMode, maxHealthyPercent);
        FallbackRebalancer sharedRebalancer = props.getRebalancerSharedWith() == null ? null
                : sharedRebalancer(props, earlyDecision, rebalancerSettings);
        warnAboutRebalancerProps(props, earlyDecision, rebalancerSettings);

        // 2. Network: the given VPC, the cluster's VPC, or a new one.
        SubnetSelection instanceSubnets = props.getVpcSubnets() == null
                ? SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()
                : props.getVpcSubnets();
        IVpc givenVpc = props.getVpc() != null ? props.getVpc()
                : props.getCluster() != null ? props.getCluster().getVpc() : null;
        this.vpc = givenVpc != null ? givenVpc : createVpc(props);
        Map<String, List<ISubnet>> subnetsByZone = subnetsByAvailabilityZone(vpc, instanceSubnets);
        this.availabilityZones = List.copyOf(subnetsByZone.keySet());
        RebalancedEc2ServiceValidation.validateAvailabilityZoneCount(
                givenVpc == null ? "availabilityZoneCount" : "vpcSubnets", availabilityZones);

        // 3. Cluster and capacity.
        this.cluster = props.getCluster() != null
                ? props.getCluster()
                : Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        Construct capacity = new Construct(this, "Capacity");
        this.capacitySecurityGroup = SecurityGroup.Builder.create(capacity, "SecurityGroup")
                .vpc(vpc)
                .description("Container instances of " + getNode().getPath())
                .allowAllOutbound(true)
                .build();
        addCapacityProviders(capacity, subnetsByZone, props);

        // Ec2Service copies the cluster's security groups for the bridge and host network modes,
        // and addAsgCapacityProvider does not add the group's security group to the cluster.
        cluster.getConnections().addSecurityGroup(capacitySecurityGroup);

        // 4. The service, whose rebalancing setting is decided again from the service as
        // synthesized, after every later change to it.
        this.service = createService(props, instanceSubnets, placementStrategies, placementConstraints,
                maxHealthyPercent);
        CfnService resource = (CfnService) service.getNode().getDefaultChild();
        resource.setAvailabilityZoneRebalancing(Lazy.string(
                () -> finalDecision(resource).availabilityZoneRebalancing().name()));
        getNode().addValidation(() -> finalDecision(resource).errors(createsRebalancer));

        // 5. The rebalancer function where the mode needs one, its alarms and dashboard.
        this.metrics = new RebalancerMetrics(cluster.getClusterName(), service.getServiceName());
        if (sharedRebalancer != null) {
            // This service's trigger lives under its own Rebalancer, so it goes with the service.
            Construct triggerScope = sharedRebalancer.movesTasks() ? new Construct(this, "Rebalancer") : null;
            sharedRebalancer.addService(service, awsvpcSubnetZones(props, subnetsByZone), triggerScope);
            this.rebalancer = sharedRebalancer;
        } else if (createsRebalancer) {
            Map<String, String> environment = rebalancerSettings.environment(cluster.getClusterName(),
                    service.getServiceName(), awsvpcSubnetZones(props, subnetsByZone));
            RebalancerSettings.validateEnvironment(environment);
            this.rebalancer = new FallbackRebalancer(this, "Rebalancer", cluster, service, rebalancerSettings,
                    earlyDecision.needsFallbackRebalancer(), environment);
        } else {
            this.rebalancer = null;
        }
        this.alarms = rebalancer != null || props.getAlarmTopic() != null
                ? new RebalancingAlarms(this, "Alarms", service, props.getAlarmTopic())
                : null;
        if (rebalancer != null) {
            alarms.addRebalancerAlarms(rebalancer, metrics, rebalancerSettings, props.getAlarmTopic());
        }
        this.dashboard = rebalancer != null && !Boolean.FALSE.equals(props.getDashboardEnabled())
                ? RebalancingDashboard.create(this, "Dashboard", availabilityZones, metrics, rebalancerSettings,
                        List.of(alarms.getAzSkew(), alarms.getHeartbeat(), alarms.getErrors(), alarms.getRollbacks()))
                : null;
    }

    /**
     * Returns the {@code subnet=zone} pairs of the service's subnets for a task definition in the
     * {@code awsvpc} network mode, whose tasks the rebalancer places by subnet, or {@code null}.
     */
    private static String awsvpcSubnetZones(RebalancedEc2ServiceProps props, Map<String, List<ISubnet>> subnetsByZone) {
        if (props.getTaskDefinition().getNetworkMode() != NetworkMode.AWS_VPC) {
            return null;
        }
        List<String> pairs = new ArrayList<>();
        subnetsByZone.forEach((zone, subnets) -> subnets.forEach(
                subnet -> pairs.add(subnet.getSubnetId() + "=" + zone)));
        return String.join(",", pairs);
    }

    /**
     * Returns the function of the service that {@code rebalancerSharedWith} names, after checking
     * that it can serve this service too: same stack, same cluster, a mode that runs a function on
     * both sides, and the same policy.
     *
     * @throws IllegalArgumentException naming the prop, the rule and the value
     */
    private FallbackRebalancer sharedRebalancer(RebalancedEc2ServiceProps props, RebalancingDecision decision,
            RebalancerSettings settings) {
        RebalancedEc2Service other = props.getRebalancerSharedWith();
        String otherPath = other.getNode().getPath();
        if (Stack.of(other) != Stack.of(this)) {
            throw new IllegalArgumentException("rebalancerSharedWith must name a service in the same stack, because "
                    + "the shared function's role, rules and environment are changed for this service, got "
                    + otherPath + " in stack " + Stack.of(other).getStackName() + ". Move the services into one "
                    + "stack, or remove rebalancerSharedWith.");
        }
        if (!decision.needsRebalancerFunction()) {
            throw new IllegalArgumentException("rebalancerSharedWith applies only when this service needs a "
                    + "rebalancer function, and rebalancingMode " + rebalancingMode + " runs none for it, got "
                    + otherPath + ". Remove rebalancerSharedWith, or set rebalancingMode to FALLBACK or MONITOR.");
        }
        if (other.rebalancer == null) {
            throw new IllegalArgumentException("rebalancerSharedWith must name a service that runs a rebalancer "
                    + "function, got " + otherPath + " with rebalancingMode " + other.getRebalancingMode()
                    + ", which runs none. Set its rebalancingMode to FALLBACK or MONITOR, or remove "
                    + "rebalancerSharedWith.");
        }
        if (props.getCluster() != other.rebalancer.getCluster()) {
            throw new IllegalArgumentException("rebalancerSharedWith must name a service in the same cluster, because "
                    + "one function serves the services of one cluster, got " + otherPath + " in cluster "
                    + other.rebalancer.getCluster().getNode().getPath() + " and cluster "
                    + (props.getCluster() == null ? "none (a new one)" : props.getCluster().getNode().getPath())
                    + " here. Set cluster to " + otherPath + ".getCluster().");
        }

        // A service that itself shares a function passes that function on, and its settings
        // equal the function's, so the checks below compare with the function's own settings.
        List<String> differences = new ArrayList<>(settings.differencesFrom(other.rebalancer.getSettings()));
        if (decision.needsFallbackRebalancer() != other.rebalancer.movesTasks()) {
            differences.add(0, "rebalancingMode " + rebalancingMode + " vs " + other.getRebalancingMode()
                    + " (only one of them moves tasks)");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("rebalancerSharedWith must name a service with the same rebalancing "
                    + "policy, because one function applies one policy to every service it serves, got " + otherPath
                    + " with different settings (here vs there): " + String.join(", ", differences)
                    + ". Give both services the same settings, or remove rebalancerSharedWith.");
        }
        return other.rebalancer;
    }

    /** Warns about a MONITOR mode that nothing repairs and about props that have no effect. */
    private void warnAboutRebalancerProps(RebalancedEc2ServiceProps props, RebalancingDecision decision,
            RebalancerSettings settings) {
        decision.warnings().forEach(warning -> Annotations.of(this).addWarningV2(MONITOR_WARNING_ID, warning));

        if (!decision.needsRebalancerFunction()) {
            warnAboutIgnoredRebalancerProps(props);
        } else if (props.getRebalancerSharedWith() != null && props.getRebalancerLogRetention() != null) {
            Annotations.of(this).addWarningV2(IGNORED_PROPS_WARNING_ID, "rebalancerLogRetention applies to the log "
                    + "group of the shared function, which " + props.getRebalancerSharedWith().getNode().getPath()
                    + " creates, and is ignored with rebalancerSharedWith, got " + props.getRebalancerLogRetention()
                    + ". Set it on that service instead.");
        }
        if (decision.needsRebalancerFunction()
                && settings.strategy() == RebalancerStrategy.REPLACE && props.getRebalancerMaxSurge() != null) {
            Annotations.of(this).addWarningV2(IGNORED_PROPS_WARNING_ID, "rebalancerMaxSurge applies only to "
                    + "rebalancerStrategy SURGE and is ignored with REPLACE, got "
                    + (Token.isUnresolved(props.getRebalancerMaxSurge()) ? "a token"
                            : RebalancedEc2ServiceValidation.format(props.getRebalancerMaxSurge()))
                    + ". Remove it, or set rebalancerStrategy to SURGE.");
        }
    }

    /** Warns about rebalancer props that have no effect because the mode runs no rebalancer function. */
    private void warnAboutIgnoredRebalancerProps(RebalancedEc2ServiceProps props) {
        List<String> ignored = new ArrayList<>();
        Map<String, Object> rebalancerProps = new LinkedHashMap<>();
        rebalancerProps.put("rebalancerStrategy", props.getRebalancerStrategy());
        rebalancerProps.put("rebalancerMaxSurge", props.getRebalancerMaxSurge());
        rebalancerProps.put("rebalancerMaxMovesPerRun", props.getRebalancerMaxMovesPerRun());
        rebalancerProps.put("rebalancerMaxSkew", props.getRebalancerMaxSkew());
        rebalancerProps.put("rebalancerCooldown", props.getRebalancerCooldown());
        rebalancerProps.put("rebalancerSchedule", props.getRebalancerSchedule());
        rebalancerProps.put("rebalancerMaintenanceWindow", props.getRebalancerMaintenanceWindow());
        rebalancerProps.put("rebalancerDryRun", props.getRebalancerDryRun());
        rebalancerProps.put("rebalancerLogRetention", props.getRebalancerLogRetention());
        rebalancerProps.put("alarmSkewDuration", props.getAlarmSkewDuration());
        rebalancerProps.put("dashboardEnabled", props.getDashboardEnabled());
        rebalancerProps.forEach((name, value) -> {
            if (value != null) {
                ignored.add(name);
            }
        });
        if (!ignored.isEmpty()) {
            Annotations.of(this).addWarningV2(IGNORED_PROPS_WARNING_ID, String.join(", ", ignored) + " apply only "
                    + "when a rebalancer function runs, and rebalancingMode " + rebalancingMode + " runs none for this "
                    + "service, got " + ignored.size() + " such prop(s). Remove them, or set rebalancingMode to "
                    + "FALLBACK or MONITOR.");
        }
    }

    private RebalancingDecision finalDecision(CfnService resource) {
        return RebalancingDecision.decide(rebalancingMode, ServiceConfigurationReader.fromResource(resource));
    }

    /** Creates a VPC with a public and a private subnet in each Availability Zone. */
    private IVpc createVpc(RebalancedEc2ServiceProps props) {
        List<String> zones = newVpcAvailabilityZones(props);
        RebalancedEc2ServiceValidation.validateNatGateways(props.getNatGateways(), zones.size());
        return Vpc.Builder.create(this, "Vpc")
                .availabilityZones(zones)
                .natGateways(props.getNatGateways() == null ? zones.size() : props.getNatGateways())
                .build();
    }

    /** Adds the Auto Scaling groups and capacity providers of the chosen layout to the cluster. */
    private void addCapacityProviders(Construct capacity, Map<String, List<ISubnet>> subnetsByZone,
            RebalancedEc2ServiceProps props) {
        Role instanceRole = Role.Builder.create(capacity, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .build();
        this.capacityInstanceRole = instanceRole;

        CapacityLayout layout = props.getCapacityLayout() == null ? CapacityLayout.SHARED : props.getCapacityLayout();
        if (layout == CapacityLayout.SHARED) {
            List<ISubnet> allSubnets = new ArrayList<>();
            subnetsByZone.values().forEach(allSubnets::addAll);
            addCapacity(capacity, allSubnets, subnetsByZone.size(), props, instanceRole);
            return;
        }

        int index = 1;
        for (List<ISubnet> zoneSubnets : subnetsByZone.values()) {
            addCapacity(new Construct(capacity, "Az" + index), zoneSubnets, 1, props, instanceRole);
            index++;
        }
    }

    /** Creates the ECS service on the capacity providers, spread across Availability Zones. */
    private Ec2Service createService(RebalancedEc2ServiceProps props, SubnetSelection instanceSubnets,
            List<PlacementStrategy> placementStrategies, List<PlacementConstraint> placementConstraints,
            Number maxHealthyPercent) {
        Number desiredCount = props.getDesiredCount() == null ? availabilityZones.size() : props.getDesiredCount();
        Number minHealthyPercent =
                props.getMinHealthyPercent() == null ? DEFAULT_MIN_HEALTHY_PERCENT : props.getMinHealthyPercent();
        List<CapacityProviderStrategy> capacityProviderStrategies = new ArrayList<>();
        for (AsgCapacityProvider provider : capacityProviders) {
            capacityProviderStrategies.add(CapacityProviderStrategy.builder()
                    .capacityProvider(provider.getCapacityProviderName())
                    .weight(1)
                    .build());
        }

        // Ec2Service of aws-cdk-lib 2.263.0 compares the two limits as numbers even when the
        // maximum is a token, whose encoded number is a large negative value, and then rejects any
        // minimum. The minimum goes on the resource directly in that case.
        boolean minimumOnResource = Token.isUnresolved(maxHealthyPercent);
        Ec2Service.Builder builder = Ec2Service.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(props.getTaskDefinition())
                .serviceName(props.getServiceName())
                .desiredCount(desiredCount)
                .minHealthyPercent(minimumOnResource ? null : minHealthyPercent)
                .maxHealthyPercent(maxHealthyPercent)
                .placementStrategies(placementStrategies)
                .placementConstraints(placementConstraints)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .capacityProviderStrategies(capacityProviderStrategies);
        if (props.getTaskDefinition().getNetworkMode() == NetworkMode.AWS_VPC) {
            builder.vpcSubnets(instanceSubnets);
        }
        Ec2Service ec2Service = builder.build();

        if (minimumOnResource) {
            ((CfnService) ec2Service.getNode().getDefaultChild())
                    .addPropertyOverride("DeploymentConfiguration.MinimumHealthyPercent", minHealthyPercent);
            Annotations.of(ec2Service).acknowledgeWarning("@aws-cdk/aws-ecs:minHealthyPercent",
                    "RebalancedEc2Service sets minHealthyPercent on the resource");
        }

        // The association is created by an aspect of the cluster at synthesis, so the dependency
        // is on the whole cluster construct, which includes the association once it exists.
        // Without it CloudFormation may remove a capacity provider from the cluster while the
        // service still uses it, and the stack deletion fails.
        ec2Service.getNode().addDependency(cluster);

        int zoneCount = availabilityZones.size();
        if (RebalancedEc2ServiceValidation.isConcrete(desiredCount) && desiredCount.doubleValue() < zoneCount) {
            Annotations.of(this).addWarningV2(DESIRED_COUNT_WARNING_ID, "desiredCount "
                    + RebalancedEc2ServiceValidation.format(desiredCount) + " is below the number of Availability "
                    + "Zones (" + zoneCount + "), so at least one zone runs no task and the loss of one zone can "
                    + "stop more than 1/" + zoneCount + " of the tasks. Set desiredCount to at least " + zoneCount
                    + ".");
        }
        return ec2Service;
    }

    /**
     * Returns the Availability Zones of a new VPC: the given names, or the number of zones that
     * {@code availabilityZoneCount} requests.
     */
    private List<String> newVpcAvailabilityZones(RebalancedEc2ServiceProps props) {
        if (props.getAvailabilityZones() != null) {
            return props.getAvailabilityZones();
        }
        int count = props.getAvailabilityZoneCount() == null
                ? DEFAULT_AVAILABILITY_ZONE_COUNT : props.getAvailabilityZoneCount().intValue();
        Stack stack = Stack.of(this);

        // An environment-agnostic stack returns only 2 zones from getAvailabilityZones(), both
        // picked by Fn::GetAZs at deploy time. The construct picks the requested count the same way.
        if (Token.isUnresolved(stack.getAccount()) || Token.isUnresolved(stack.getRegion())) {
            List<String> zones = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                zones.add(Fn.select(index, Fn.getAzs()));
            }
            return zones;
        }

        List<String> stackZones = stack.getAvailabilityZones();
        // Until the CDK CLI has looked the zones up, the stack returns placeholder names and the
        // CLI synthesizes again after the lookup. Failing now would hide the pending lookup.
        boolean lookupPending = stackZones.stream().anyMatch(zone -> zone.startsWith("dummy"));
        if (stackZones.size() < count && !lookupPending) {
            throw new IllegalArgumentException("availabilityZoneCount must not exceed the number of Availability "
                    + "Zones of region " + stack.getRegion() + " (" + stackZones.size() + ": " + stackZones
                    + "), got " + count + ".");
        }
        return List.copyOf(stackZones.subList(0, Math.min(count, stackZones.size())));
    }

    /** Groups the selected subnets by Availability Zone, in the VPC's zone order. */
    private static Map<String, List<ISubnet>> subnetsByAvailabilityZone(IVpc vpc, SubnetSelection selection) {
        Map<String, List<ISubnet>> subnetsByZone = new LinkedHashMap<>();
        for (ISubnet subnet : vpc.selectSubnets(selection).getSubnets()) {
            subnetsByZone.computeIfAbsent(subnet.getAvailabilityZone(), zone -> new ArrayList<>()).add(subnet);
        }
        return subnetsByZone;
    }

    /** Adds one Auto Scaling group and its capacity provider for the given subnets. */
    private void addCapacity(Construct scope, List<ISubnet> subnets, int zoneCount, RebalancedEc2ServiceProps props,
            Role instanceRole) {
        InstanceType instanceType = props.getCapacityInstanceType() == null
                ? InstanceType.of(InstanceClass.T3, InstanceSize.MEDIUM)
                : props.getCapacityInstanceType();
        AmiHardwareType hardwareType = instanceType.getArchitecture() == InstanceArchitecture.ARM_64
                ? AmiHardwareType.ARM : AmiHardwareType.STANDARD;

        // An explicit launch template, because without the feature flag
        // @aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig an Auto Scaling
        // group creates a launch configuration, and accounts created on or after 2024-10-01
        // cannot create launch configurations (Amazon EC2 Auto Scaling User Guide).
        LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(scope, "LaunchTemplate")
                .machineImage(EcsOptimizedImage.amazonLinux2023(hardwareType))
                .instanceType(instanceType)
                .role(instanceRole)
                .securityGroup(capacitySecurityGroup)
                .userData(UserData.forLinux())
                .requireImdsv2(true)
                .build();

        Number minPerAz = props.getCapacityMinInstancesPerAz() == null
                ? DEFAULT_MIN_INSTANCES_PER_AZ : props.getCapacityMinInstancesPerAz();
        Number maxPerAz = props.getCapacityMaxInstancesPerAz() == null
                ? DEFAULT_MAX_INSTANCES_PER_AZ : props.getCapacityMaxInstancesPerAz();
        AutoScalingGroup autoScalingGroup = AutoScalingGroup.Builder.create(scope, "AutoScalingGroup")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnets(subnets).build())
                .launchTemplate(launchTemplate)
                .minCapacity(zoneCount == 1 ? minPerAz : minPerAz.intValue() * zoneCount)
                .maxCapacity(zoneCount == 1 ? maxPerAz : maxPerAz.intValue() * zoneCount)
                .build();

        AsgCapacityProvider capacityProvider = AsgCapacityProvider.Builder.create(scope, "CapacityProvider")
                .autoScalingGroup(autoScalingGroup)
                .capacityProviderName(capacityProviderName(scope))
                .enableManagedScaling(true)
                .targetCapacityPercent(props.getCapacityTargetPercent() == null
                        ? DEFAULT_TARGET_CAPACITY_PERCENT : props.getCapacityTargetPercent())
                // NOTE: stack deletion has not been run against a real account. Unverified: whether
                // the lifecycle hook that managed draining adds to the group slows the group's
                // deletion once CloudFormation has deleted the capacity provider.
                .enableManagedDraining(true)
                // Off so that stack deletion does not hang: see the class documentation.
                .enableManagedTerminationProtection(false)
                .build();
        cluster.addAsgCapacityProvider(capacityProvider);

        autoScalingGroups.add(autoScalingGroup);
        capacityProviders.add(capacityProvider);
    }

    /**
     * Returns an explicit capacity provider name when the name CloudFormation would generate could
     * start with a prefix that ECS rejects, or {@code null} to let CloudFormation name it.
     *
     * <p>aws-cdk-lib 2.263.0 handles only lower-case prefixes. This check also covers stack names
     * such as {@code ECS-demo} and stack names that are tokens, such as a nested stack's.
     */
    private static String capacityProviderName(Construct scope) {
        String stackName = Stack.of(scope).getStackName();
        if (!Token.isUnresolved(stackName) && !RESERVED_CAPACITY_PROVIDER_PREFIX.matcher(stackName).find()) {
            return null;
        }
        return CAPACITY_PROVIDER_NAME_PREFIX + Names.uniqueResourceName(scope, UniqueResourceNameOptions.builder()
                .maxLength(MAX_CAPACITY_PROVIDER_NAME_LENGTH - CAPACITY_PROVIDER_NAME_PREFIX.length())
                .allowedSpecialCharacters("-_")
                .build());
    }

    /** Returns the rebalancing mode in effect. */
    public RebalancingMode getRebalancingMode() {
        return rebalancingMode;
    }

    /**
     * Returns the Availability Zones the service runs in. For a new VPC in an environment-agnostic stack,
     * the names are tokens that CloudFormation resolves at deploy time.
     */
    public List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    /** Returns the VPC of the container instances. */
    public IVpc getVpc() {
        return vpc;
    }

    /** Returns the ECS cluster. */
    public Cluster getCluster() {
        return cluster;
    }

    /** Returns the ECS service. */
    public Ec2Service getService() {
        return service;
    }

    /** Returns the IAM role of the container instances, shared by every Auto Scaling group. */
    public IRole getCapacityInstanceRole() {
        return capacityInstanceRole;
    }

    /** Returns the security group of the container instances. */
    public SecurityGroup getCapacitySecurityGroup() {
        return capacitySecurityGroup;
    }

    /**
     * Returns the Auto Scaling groups: one for {@link CapacityLayout#SHARED}, one per zone for
     * {@link CapacityLayout#ZONAL}.
     */
    public List<AutoScalingGroup> getAutoScalingGroups() {
        return List.copyOf(autoScalingGroups);
    }

    /** Returns the capacity providers, in the order of {@link #getAutoScalingGroups()}. */
    public List<AsgCapacityProvider> getCapacityProviders() {
        return List.copyOf(capacityProviders);
    }

    /**
     * Returns the rebalancer's Lambda function, or {@code null} when the mode runs none: NATIVE,
     * DISABLED, or AUTO on a service that native rebalancing supports. With
     * {@code rebalancerSharedWith}, this and the other rebalancer getters return the shared
     * function's parts.
     */
    public Function getRebalancerFunction() {
        return rebalancer == null ? null : rebalancer.getFunction();
    }

    /**
     * Returns the alias that every trigger invokes, on the published version that SnapStart
     * restores, or {@code null} when the mode runs no rebalancer function.
     */
    public Alias getRebalancerAlias() {
        return rebalancer == null ? null : rebalancer.getAlias();
    }

    /** Returns the rebalancer's execution role, or {@code null} when the mode runs no rebalancer function. */
    public IRole getRebalancerRole() {
        return rebalancer == null ? null : rebalancer.getRole();
    }

    /** Returns the rebalancer's log group, or {@code null} when the mode runs no rebalancer function. */
    public LogGroup getRebalancerLogGroup() {
        return rebalancer == null ? null : rebalancer.getLogGroup();
    }

    /**
     * Returns the alarm on a skew above {@code rebalancerMaxSkew} for {@code alarmSkewDuration},
     * or {@code null} when the mode runs no rebalancer function to measure it.
     */
    public Alarm getAzSkewAlarm() {
        return alarms == null ? null : alarms.getAzSkew();
    }

    /**
     * Returns the alarm on 2 failed rebalancer runs within one scheduled run plus the function's
     * timeout, or {@code null} when the mode runs no rebalancer function. It watches the function's
     * {@code Errors} plus {@link #metricRebalanceFailures()}, so it also fires when ECS calls fail
     * (such as AccessDenied, or throttling after retries) and when dry run finds an operation in
     * flight that it cannot finish.
     */
    public Alarm getRebalancerErrorsAlarm() {
        return alarms == null ? null : alarms.getErrors();
    }

    /**
     * Returns the alarm on moves that the rebalancer rolled back, or {@code null} when the mode
     * runs no rebalancer function.
     */
    public Alarm getRebalanceRollbacksAlarm() {
        return alarms == null ? null : alarms.getRollbacks();
    }

    /**
     * Returns the alarm on a rebalancer that stopped measuring the service, or {@code null} when
     * the mode runs no rebalancer function.
     */
    public Alarm getRebalancerHeartbeatAlarm() {
        return alarms == null ? null : alarms.getHeartbeat();
    }

    /**
     * Returns the CloudWatch dashboard, or {@code null} when {@code dashboardEnabled} is false or
     * the mode runs no rebalancer function.
     */
    public Dashboard getDashboard() {
        return dashboard;
    }

    /**
     * Returns the difference between the largest and the smallest task count of the service's
     * Availability Zones, as the rebalancer measures it on each run.
     *
     * @default - maximum over 5 minutes
     */
    public Metric metricAzSkew(MetricOptions props) {
        return metrics.azSkew(props);
    }

    /** Returns {@link #metricAzSkew(MetricOptions)} with the default options. */
    public Metric metricAzSkew() {
        return metricAzSkew(null);
    }

    /**
     * Returns the number of the service's tasks in one Availability Zone, as the rebalancer counts
     * them on each run.
     *
     * @param availabilityZone the zone name, such as {@code us-east-1a}
     * @default - average over 5 minutes
     */
    public Metric metricTasksPerAz(String availabilityZone, MetricOptions props) {
        return metrics.tasksPerAz(Objects.requireNonNull(availabilityZone, "availabilityZone"), props);
    }

    /** Returns {@link #metricTasksPerAz(String, MetricOptions)} with the default options. */
    public Metric metricTasksPerAz(String availabilityZone) {
        return metricTasksPerAz(availabilityZone, null);
    }

    /**
     * Returns the number of tasks that the rebalancer moved to another Availability Zone.
     *
     * @default - sum over 5 minutes
     */
    public Metric metricRebalanceMoves(MetricOptions props) {
        return metrics.movesCompleted(props);
    }

    /** Returns {@link #metricRebalanceMoves(MetricOptions)} with the default options. */
    public Metric metricRebalanceMoves() {
        return metricRebalanceMoves(null);
    }

    /**
     * Returns the number of moves that the rebalancer planned, including those that dry run, the
     * maintenance window or a cooldown held back.
     *
     * @default - sum over 5 minutes
     */
    public Metric metricRebalanceMovesPlanned(MetricOptions props) {
        return metrics.movesPlanned(props);
    }

    /** Returns {@link #metricRebalanceMovesPlanned(MetricOptions)} with the default options. */
    public Metric metricRebalanceMovesPlanned() {
        return metricRebalanceMovesPlanned(null);
    }

    /**
     * Returns the number of moves that the rebalancer rolled back.
     *
     * @default - sum over 5 minutes
     */
    public Metric metricRebalanceRollbacks(MetricOptions props) {
        return metrics.rollbacks(props);
    }

    /** Returns {@link #metricRebalanceRollbacks(MetricOptions)} with the default options. */
    public Metric metricRebalanceRollbacks() {
        return metricRebalanceRollbacks(null);
    }

    /**
     * Returns the number of runs that found the service skewed, or could not read it, and moved
     * nothing: held back by dry run, the maintenance window, a cooldown or a failed call.
     *
     * @default - sum over 5 minutes
     */
    public Metric metricRebalanceSkipped(MetricOptions props) {
        return metrics.skipped(props);
    }

    /** Returns {@link #metricRebalanceSkipped(MetricOptions)} with the default options. */
    public Metric metricRebalanceSkipped() {
        return metricRebalanceSkipped(null);
    }

    /**
     * Returns the number of runs that ended FAILED for the service. A run fails when a read or a
     * call to ECS failed (such as AccessDenied, or throttling after retries), or when dry run found
     * an operation in flight that an earlier run started, because only a run that may act can
     * finish it.
     * The function publishes 0 for every other run. Errors that end the invocation itself are
     * in the function's {@code Errors} metric instead; the errors alarm watches both.
     *
     * @default - sum over 5 minutes
     */
    public Metric metricRebalanceFailures(MetricOptions props) {
        return metrics.failures(props);
    }

    /** Returns {@link #metricRebalanceFailures(MetricOptions)} with the default options. */
    public Metric metricRebalanceFailures() {
        return metricRebalanceFailures(null);
    }
}
