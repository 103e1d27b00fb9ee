package io.github.rebalancedecs.benchmarks.synth;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
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
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.BuiltInAttributes;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PlacementStrategy;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The sample app's workload written with aws-cdk-lib alone, the baseline of the synth-time
 * benchmark. Like {@code SampleStack}, it has a VPC over 3 Availability Zones with one NAT
 * gateway each, one ECS cluster, and two nginx services: {@code Web}, 3 tasks on dynamic host
 * ports behind an Application Load Balancer, and {@code Edge}, 3 tasks on host port 8080 with
 * minimum healthy percent 50 and maximum percent 100. Each service has its own Auto Scaling
 * group capacity provider on the ECS-optimized Amazon Linux 2023 AMI, as each
 * {@code RebalancedEc2Service} creates one. It has no rebalancer, alarms or alarm topic.
 */
public class PlainEc2ServiceStack extends Stack {

    private static final int ZONES = 3;

    public PlainEc2ServiceStack(Construct scope, String id) {
        super(scope, id);

        // An environment-agnostic stack picks its zones with Fn::GetAZs at deploy time, as the construct does.
        List<String> zones = new ArrayList<>();
        for (int index = 0; index < ZONES; index++) {
            zones.add(Fn.select(index, Fn.getAzs()));
        }
        Vpc vpc = Vpc.Builder.create(this, "Vpc").availabilityZones(zones).natGateways(ZONES).build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        LogGroup logGroup = LogGroup.Builder.create(this, "WebLogs")
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Ec2Service web = service("Web", cluster, capacity("WebCapacity", vpc, cluster),
                nginxTask("WebTask", logGroup, "web", 0), 100, 200);
        service("Edge", cluster, capacity("EdgeCapacity", vpc, cluster),
                nginxTask("EdgeTask", logGroup, "edge", 8080), 50, 100);

        ApplicationLoadBalancer loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc)
                .internetFacing(true)
                .build();
        ApplicationListener listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .build());
        listener.addTargets("Web", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .targets(List.of(web))
                .healthCheck(HealthCheck.builder().path("/").build())
                .deregistrationDelay(Duration.seconds(30))
                .build());
        CfnOutput.Builder.create(this, "Url")
                .description("The sample web service")
                .value("http://" + loadBalancer.getLoadBalancerDnsName())
                .build();
    }

    /** Adds an Auto Scaling group of 1 to 3 t3.medium instances per zone as a capacity provider. */
    private AsgCapacityProvider capacity(String id, Vpc vpc, Cluster cluster) {
        Construct scope = new Construct(this, id);
        SecurityGroup securityGroup = SecurityGroup.Builder.create(scope, "SecurityGroup")
                .vpc(vpc)
                .allowAllOutbound(true)
                .build();
        Role role = Role.Builder.create(scope, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .build();
        LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(scope, "LaunchTemplate")
                .machineImage(EcsOptimizedImage.amazonLinux2023(AmiHardwareType.STANDARD))
                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.MEDIUM))
                .role(role)
                .securityGroup(securityGroup)
                .userData(UserData.forLinux())
                .requireImdsv2(true)
                .build();
        AutoScalingGroup group = AutoScalingGroup.Builder.create(scope, "AutoScalingGroup")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .launchTemplate(launchTemplate)
                .minCapacity(ZONES)
                .maxCapacity(3 * ZONES)
                .build();
        AsgCapacityProvider provider = AsgCapacityProvider.Builder.create(scope, "CapacityProvider")
                .autoScalingGroup(group)
                .enableManagedScaling(true)
                .targetCapacityPercent(100)
                .enableManagedDraining(true)
                .enableManagedTerminationProtection(false)
                .build();
        cluster.addAsgCapacityProvider(provider);
        cluster.getConnections().addSecurityGroup(securityGroup);
        return provider;
    }

    private Ec2Service service(String id, Cluster cluster, AsgCapacityProvider capacity,
            Ec2TaskDefinition taskDefinition, int minHealthyPercent, int maxHealthyPercent) {
        return Ec2Service.Builder.create(this, id)
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(3)
                .minHealthyPercent(minHealthyPercent)
                .maxHealthyPercent(maxHealthyPercent)
                .placementStrategies(List.of(PlacementStrategy.spreadAcross(BuiltInAttributes.AVAILABILITY_ZONE),
                        PlacementStrategy.spreadAcrossInstances()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacity.getCapacityProviderName())
                        .weight(1)
                        .build()))
                .build();
    }

    private Ec2TaskDefinition nginxTask(String id, LogGroup logGroup, String streamPrefix, int hostPort) {
        Ec2TaskDefinition taskDefinition = Ec2TaskDefinition.Builder.create(this, id).build();
        taskDefinition.addContainer("nginx", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable-alpine"))
                .memoryReservationMiB(64)
                .memoryLimitMiB(128)
                .portMappings(List.of(PortMapping.builder()
                        .containerPort(80)
                        .hostPort(hostPort == 0 ? null : hostPort)
                        .build()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(streamPrefix)
                        .build()))
                .build());
        return taskDefinition;
    }
}
