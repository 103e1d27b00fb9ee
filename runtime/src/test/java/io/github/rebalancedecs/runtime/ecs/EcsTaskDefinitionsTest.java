package io.github.rebalancedecs.runtime.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.planner.TaskRequirements;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

class EcsTaskDefinitionsTest {

    @Test
    void readsTaskDefinitionOnceFromEcs() {
        try (EmulatorTestbed testbed = new EmulatorTestbed()) {
            testbed.service(ServiceSpec.builder().serviceName("web").taskCpu(512).taskMemory(1024)
                    .hostPorts(List.of(8080)));
            String arn = testbed.ecs().describeServices(request -> request.cluster(EmulatorTestbed.CLUSTER)
                    .services("web")).services().get(0).taskDefinition();
            EcsTaskDefinitions taskDefinitions = new EcsTaskDefinitions(testbed.ecs());

            TaskRequirements first = taskDefinitions.requirementsOf(arn);
            TaskRequirements second = taskDefinitions.requirementsOf(arn);

            assertEquals(new TaskRequirements(512, 1024, Set.of(8080), false), first);
            assertEquals(first, second);
            assertEquals(1, testbed.emulator().requestLog().count("DescribeTaskDefinition"));
        }
    }

    @Test
    void unknownTaskDefinitionFails() {
        try (EmulatorTestbed testbed = new EmulatorTestbed()) {
            EcsTaskDefinitions taskDefinitions = new EcsTaskDefinitions(testbed.ecs());

            EcsAccessException error = assertThrows(EcsAccessException.class,
                    () -> taskDefinitions.requirementsOf("arn:aws:ecs:us-east-1:123456789012:task-definition/none:1"));

            assertEquals("DescribeTaskDefinition", error.operation());
        }
    }

    @Test
    void taskLevelValuesWin() {
        TaskDefinition definition = TaskDefinition.builder()
                .networkMode(NetworkMode.BRIDGE).cpu("512").memory("1024")
                .containerDefinitions(ContainerDefinition.builder().cpu(128).memory(256).build())
                .build();

        TaskRequirements requirements = EcsTaskDefinitions.toRequirements(definition);

        assertEquals(512, requirements.cpu());
        assertEquals(1024, requirements.memory());
    }

    @Test
    void containerValuesAreSummedWithoutTaskLevelValues() {
        TaskDefinition definition = TaskDefinition.builder()
                .networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(
                        ContainerDefinition.builder().cpu(128).memory(256).build(),
                        ContainerDefinition.builder().cpu(64).memoryReservation(128).build())
                .build();

        TaskRequirements requirements = EcsTaskDefinitions.toRequirements(definition);

        assertEquals(192, requirements.cpu());
        assertEquals(384, requirements.memory());
    }

    @Test
    void onlyStaticBridgePortsCount() {
        TaskDefinition definition = TaskDefinition.builder()
                .networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().memory(256).portMappings(
                        PortMapping.builder().containerPort(80).hostPort(8080).build(),
                        PortMapping.builder().containerPort(9090).hostPort(0).build(),
                        PortMapping.builder().containerPort(9091).build()).build())
                .build();

        assertEquals(Set.of(8080), EcsTaskDefinitions.toRequirements(definition).hostTcpPorts());
    }

    @Test
    void hostModeUsesContainerPorts() {
        TaskDefinition definition = TaskDefinition.builder()
                .networkMode(NetworkMode.HOST)
                .containerDefinitions(ContainerDefinition.builder().memory(256)
                        .portMappings(PortMapping.builder().containerPort(443).build()).build())
                .build();

        assertEquals(Set.of(443), EcsTaskDefinitions.toRequirements(definition).hostTcpPorts());
    }

    @Test
    void awsvpcHasNoHostPorts() {
        TaskDefinition definition = TaskDefinition.builder()
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder()
                        .portMappings(PortMapping.builder().containerPort(80).hostPort(80).build()).build())
                .build();

        TaskRequirements requirements = EcsTaskDefinitions.toRequirements(definition);

        assertTrue(requirements.awsvpc());
        assertTrue(requirements.hostTcpPorts().isEmpty());
        assertFalse(EcsTaskDefinitions.toRequirements(TaskDefinition.builder().build()).awsvpc());
    }

    private static final HealthCheck CURL = HealthCheck.builder()
            .command("CMD-SHELL", "curl -f http://localhost/ || exit 1").build();

    static Stream<Arguments> healthCheckCases() {
        return Stream.of(
                Arguments.of(Named.of("essential container with a health check",
                        List.of(ContainerDefinition.builder().name("app").essential(true).healthCheck(CURL).build())),
                        true),
                Arguments.of(Named.of("essential unset, which ECS reads as true, with a health check",
                        List.of(ContainerDefinition.builder().name("app").healthCheck(CURL).build())), true),
                Arguments.of(Named.of("app without a check, essential log router with one",
                        List.of(ContainerDefinition.builder().name("app").build(),
                                ContainerDefinition.builder().name("log-router").essential(true).healthCheck(CURL)
                                        .build())), true),
                Arguments.of(Named.of("only a nonessential sidecar has a health check",
                        List.of(ContainerDefinition.builder().name("app").essential(true).build(),
                                ContainerDefinition.builder().name("sidecar").essential(false).healthCheck(CURL)
                                        .build())), false),
                Arguments.of(Named.of("no container has a health check",
                        List.of(ContainerDefinition.builder().name("app").build())), false));
    }

    @ParameterizedTest(name = "{0} -> health check {1}")
    @MethodSource("healthCheckCases")
    void healthCheckComesFromEssentialContainers(List<ContainerDefinition> containers, boolean expected) {
        TaskDefinition definition = TaskDefinition.builder().networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(containers).build();

        assertEquals(expected, EcsTaskDefinitions.toRequirements(definition).healthCheck());
    }

    @Test
    void readsHealthCheckFromEcs() {
        try (EmulatorTestbed testbed = new EmulatorTestbed()) {
            testbed.service(ServiceSpec.builder().serviceName("web"));
            testbed.withoutTaskHealthCheck().service(ServiceSpec.builder().serviceName("worker"));
            EcsTaskDefinitions taskDefinitions = new EcsTaskDefinitions(testbed.ecs());

            assertTrue(taskDefinitions.requirementsOf(taskDefinitionOf(testbed, "web")).healthCheck());
            assertFalse(taskDefinitions.requirementsOf(taskDefinitionOf(testbed, "worker")).healthCheck());
        }
    }

    private static String taskDefinitionOf(EmulatorTestbed testbed, String service) {
        return testbed.ecs().describeServices(request -> request.cluster(EmulatorTestbed.CLUSTER).services(service))
                .services().get(0).taskDefinition();
    }
}
