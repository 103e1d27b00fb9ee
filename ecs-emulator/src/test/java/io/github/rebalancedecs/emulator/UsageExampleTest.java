package io.github.rebalancedecs.emulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the usage example of the EcsEmulator class Javadoc, so the example stays true. */
class UsageExampleTest {

    @Test
    void javadocExampleHolds() {
        System.setProperty("aws.disableEc2Metadata", "true");
        try (EcsEmulator emulator = EcsEmulator.builder().seed(42).start()) {
            emulator.createCluster("prod");
            String instanceA = emulator.registerContainerInstance("prod",
                    ContainerInstanceSpec.builder().availabilityZone("us-east-1a").cpu(2048).memory(4096).build());
            emulator.registerContainerInstance("prod",
                    ContainerInstanceSpec.builder().availabilityZone("us-east-1b").build());
            emulator.createService("prod", ServiceSpec.builder()
                    .serviceName("web")
                    .desiredCount(2)
                    .taskCpu(256).taskMemory(512)
                    .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones()))
                    .build());
            emulator.advance(Duration.ofMinutes(1));

            try (EcsClient ecs = EcsClient.builder()
                    .endpointOverride(emulator.endpoint())
                    .region(Region.of(emulator.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                assertEquals(2, ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns().size());
            }

            emulator.stopContainerInstance("prod", instanceA);
            emulator.advance(Duration.ofMinutes(1));
            assertEquals(Map.of("us-east-1b", 2), emulator.runningTasksPerAvailabilityZone("prod", "web"));
        }
    }
}
