package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The launch type checks, on SDK model objects: the emulator serves EC2 services only, so it
 * cannot play a Fargate service.
 */
class ServiceSelectionTest {

    @ParameterizedTest(name = "launch type {0} -> {1}")
    @CsvSource({
        "FARGATE, it uses the FARGATE launch type",
        "EXTERNAL, it uses the EXTERNAL launch type"
    })
    void launchTypeNotOnEc2(LaunchType launchType, String reason) {
        Service service = Service.builder().serviceName("api").launchType(launchType).build();

        assertEquals(reason, ServiceSelection.notOnEc2Reason(service));
    }

    @Test
    void ec2LaunchTypeSelected() {
        assertNull(ServiceSelection.notOnEc2Reason(Service.builder().launchType(LaunchType.EC2).build()));
    }

    @Test
    void fargateCapacityProvidersSkipped() {
        Service service = Service.builder().capacityProviderStrategy(
                CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").weight(1).build(),
                CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT").weight(3).build()).build();

        assertEquals("its capacity provider strategy uses Fargate only", ServiceSelection.notOnEc2Reason(service));
    }

    @Test
    void mixedCapacityProvidersSelected() {
        Service service = Service.builder().capacityProviderStrategy(
                CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").weight(1).build(),
                CapacityProviderStrategyItem.builder().capacityProvider("prod-asg").weight(1).build()).build();

        assertNull(ServiceSelection.notOnEc2Reason(service));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "web, web",
        "' web ', web",
        "arn:aws:ecs:us-east-1:123456789012:service/prod/web, web",
        "arn:aws:ecs:us-east-1:123456789012:service/web, web"
    })
    void serviceNameFromNameOrArn(String value, String name) {
        assertEquals(name, ServiceSelection.serviceName(value));
    }
}
