package io.github.rebalancedecs.construct;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PortMapping;

/** Stacks and task definitions shared by the construct tests. */
final class TestStacks {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private TestStacks() {
    }

    /** Returns an environment-agnostic stack in a new app. */
    static Stack agnosticStack(String stackName) {
        return new Stack(new App(), stackName);
    }

    /**
     * Returns a stack with an account and region whose Availability Zone lookup reads the given
     * zones from the app's context, as it reads {@code cdk.context.json} after a real lookup.
     */
    static Stack stackWithZones(String... zones) {
        App app = new App(AppProps.builder()
                .context(Map.of("availability-zones:account=" + ACCOUNT + ":region=" + REGION, List.of(zones)))
                .build());
        return new Stack(app, "Zoned", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(REGION).build())
                .build());
    }

    /** Returns a task definition with one nginx container in the bridge network mode. */
    static Ec2TaskDefinition webTaskDefinition(Stack stack) {
        return taskDefinition(stack, NetworkMode.BRIDGE);
    }

    /** Returns a task definition with one nginx container in the given network mode. */
    static Ec2TaskDefinition taskDefinition(Stack stack, NetworkMode networkMode) {
        return taskDefinition(stack, networkMode, "TaskDefinition");
    }

    /** Returns a task definition with one nginx container in the given network mode and construct ID. */
    static Ec2TaskDefinition taskDefinition(Stack stack, NetworkMode networkMode, String id) {
        Ec2TaskDefinition taskDefinition = Ec2TaskDefinition.Builder.create(stack, id)
                .networkMode(networkMode)
                .build();
        taskDefinition.addContainer("web", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable"))
                .memoryLimitMiB(256)
                .portMappings(List.of(PortMapping.builder().containerPort(80).build()))
                .build());
        return taskDefinition;
    }

    /** Returns props with the web task definition and nothing else set. */
    static RebalancedEc2ServiceProps.Builder webProps(Stack stack) {
        return RebalancedEc2ServiceProps.builder().taskDefinition(webTaskDefinition(stack));
    }
}
