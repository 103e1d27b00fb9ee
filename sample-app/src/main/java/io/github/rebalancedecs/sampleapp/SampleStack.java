package io.github.rebalancedecs.sampleapp;

import io.github.rebalancedecs.construct.RebalancedEc2Service;
import io.github.rebalancedecs.construct.RebalancedEc2ServiceProps;
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
import software.constructs.Construct;

/**
 * A small nginx web service from Amazon ECR Public, 3 tasks across 3 Availability Zones behind an
 * Application Load Balancer, kept balanced by {@link RebalancedEc2Service}.
 */
public class SampleStack extends Stack {

    private final RebalancedEc2Service web;

    public SampleStack(Construct scope, String id) {
        super(scope, id);

        LogGroup logGroup = LogGroup.Builder.create(this, "WebLogs")
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Ec2TaskDefinition taskDefinition = Ec2TaskDefinition.Builder.create(this, "WebTask").build();
        taskDefinition.addContainer("nginx", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable-alpine"))
                .memoryReservationMiB(64)
                .memoryLimitMiB(128)
                .portMappings(List.of(PortMapping.builder().containerPort(80).build()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix("web")
                        .build()))
                .build());

        this.web = new RebalancedEc2Service(this, "Web", RebalancedEc2ServiceProps.builder()
                .taskDefinition(taskDefinition)
                .availabilityZoneCount(3)
                .desiredCount(3)
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
    }

    /** Returns the rebalanced web service. */
    public RebalancedEc2Service getWeb() {
        return web;
    }
}
