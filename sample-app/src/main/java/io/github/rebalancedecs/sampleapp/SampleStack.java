package io.github.rebalancedecs.sampleapp;

import io.github.rebalancedecs.construct.RebalancedEc2Service;
import io.github.rebalancedecs.construct.RebalancedEc2ServiceProps;
import io.github.rebalancedecs.construct.RebalancerMaintenanceWindow;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Two nginx services from Amazon ECR Public on one ECS cluster across 3 Availability Zones, each
 * kept balanced by {@link RebalancedEc2Service}, so that one synthesis shows both paths:
 * <ul>
 *   <li>{@code Web}: 3 tasks behind an Application Load Balancer on dynamic host ports, which
 *       ECS native rebalancing serves;</li>
 *   <li>{@code Edge}: 3 tasks on the static host port 8080 with a maximum percent of 100, which
 *       native rebalancing cannot serve, so the fallback rebalancer moves its tasks with the
 *       REPLACE strategy, at night.</li>
 * </ul>
 * Both send their alarms and the ECS events that block rebalancing to one SNS topic.
 */
public class SampleStack extends Stack {

    /** The static host port of the {@code Edge} service. */
    public static final int EDGE_HOST_PORT = 8080;

    private final Topic alarmTopic;
    private final RebalancedEc2Service web;
    private final RebalancedEc2Service edge;

    public SampleStack(Construct scope, String id) {
        super(scope, id);

        LogGroup logGroup = LogGroup.Builder.create(this, "WebLogs")
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("rebalanced-ecs sample alarms")
                .enforceSsl(true)
                .build();

        this.web = new RebalancedEc2Service(this, "Web", RebalancedEc2ServiceProps.builder()
                .taskDefinition(nginxTask("WebTask", logGroup, "web", 0))
                .availabilityZoneCount(3)
                .desiredCount(3)
                .alarmTopic(alarmTopic)
                .build());

        // A static host port lets only one task run per instance, and a maximum percent of 100
        // keeps ECS from starting a task before it stops one. ECS native rebalancing does not act
        // on such a service, so rebalancingMode AUTO adds the fallback rebalancer.
        this.edge = new RebalancedEc2Service(this, "Edge", RebalancedEc2ServiceProps.builder()
                .taskDefinition(nginxTask("EdgeTask", logGroup, "edge", EDGE_HOST_PORT))
                .cluster(web.getCluster())
                .desiredCount(3)
                .minHealthyPercent(50)
                .maxHealthyPercent(100)
                .rebalancerMaintenanceWindow(RebalancerMaintenanceWindow.daily("01:00", Duration.hours(4), "UTC"))
                .alarmTopic(alarmTopic)
                .build());

        ApplicationLoadBalancer loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(web.getVpc())
                .internetFacing(true)
                .build();
        ApplicationListener listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .build());
        listener.addTargets("Web", AddApplicationTargetsProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .targets(List.of(web.getService()))
                .healthCheck(HealthCheck.builder().path("/").build())
                .deregistrationDelay(Duration.seconds(30))
                .build());

        CfnOutput.Builder.create(this, "Url")
                .description("The sample web service")
                .value("http://" + loadBalancer.getLoadBalancerDnsName())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .description("Subscribe to this SNS topic to receive the rebalancing alarms and ECS service events")
                .value(alarmTopic.getTopicArn())
                .build();
    }

    /**
     * Returns a task definition with one nginx container on port 80, mapped to the given host
     * port, or to a dynamic host port for 0.
     */
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

    /** Returns the service behind the load balancer, kept balanced by ECS native rebalancing. */
    public RebalancedEc2Service getWeb() {
        return web;
    }

    /** Returns the host-port service, kept balanced by the fallback rebalancer. */
    public RebalancedEc2Service getEdge() {
        return edge;
    }

    /** Returns the SNS topic of the alarms and service events. */
    public Topic getAlarmTopic() {
        return alarmTopic;
    }
}
