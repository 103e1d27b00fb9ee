package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.executor.OperationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;

class StatusCommandTest {

    @Test
    void skewedServiceTableSortedByAz() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("status", "--cluster", "prod", "--service", "web");

            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            List<String> rows = run.out().lines().filter(line -> line.contains("RUNNING")).toList();
            assertEquals(3, rows.size(), run.out());
            assertTrue(rows.get(0).contains("d420d2c918d747f6a2cf1a65c8869354"), rows.get(0));
            assertTrue(rows.get(0).contains("96d493dfb02b4ca1b7d9e872ac0e1fc1  us-east-1a"), rows.get(0));
            assertTrue(rows.get(1).contains("e6d1c1c466e441cda44d94c77372bb7e"), rows.get(1));
            assertTrue(rows.get(2).contains("dbf602f92bbf4c9ba5847b505aad5a55"), rows.get(2));
            assertTrue(rows.get(2).contains("us-east-1c"), rows.get(2));
            assertTrue(run.out().contains("Tasks per AZ: us-east-1a=2, us-east-1b=0, us-east-1c=1"), run.out());
            assertTrue(run.out().contains("Skew: 2 (max skew 1): SKEWED"), run.out());
            assertTrue(run.out().contains("Native AZ rebalancing: ENABLED; the service's configuration supports it."),
                    run.out());
        }
    }

    @Test
    void skewedServiceJsonParsesBack() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("status", "--cluster", "prod", "--output", "json");

            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            JsonNode report = run.json();
            assertEquals("prod", report.get("cluster").asText());
            assertTrue(report.get("skewed").asBoolean());
            JsonNode web = report.get("services").get(0);
            assertEquals("web", web.get("service").asText());
            assertEquals(2, web.get("skew").asInt());
            assertTrue(web.get("skewed").asBoolean());
            assertEquals("SKEWED", web.get("planReason").asText());
            assertEquals(2, web.get("tasksPerAz").get("us-east-1a").asInt());
            assertEquals(0, web.get("tasksPerAz").get("us-east-1b").asInt());
            assertEquals(1, web.get("tasksPerAz").get("us-east-1c").asInt());
            List<String> zones = new ArrayList<>();
            web.get("tasks").forEach(task -> zones.add(task.get("availabilityZone").asText()));
            assertEquals(List.of("us-east-1a", "us-east-1a", "us-east-1c"), zones);
            assertEquals("ENABLED", web.get("nativeRebalancing").get("setting").asText());
            assertTrue(web.get("nativeRebalancing").get("supported").asBoolean());
            assertTrue(web.get("rebalancer").get("operationPhase").isNull());
        }
    }

    @Test
    void balancedServiceExitsZero() {
        try (CliTestbed testbed = CliTestbed.withBalancedService()) {
            CliRun run = testbed.run("status", "--cluster", "prod");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("Tasks per AZ: us-east-1a=1, us-east-1b=1, us-east-1c=1"), run.out());
            assertTrue(run.out().contains("Skew: 0 (max skew 1): balanced"), run.out());
        }
    }

    @Test
    void emptyZoneSkewedWithinMaxSkew() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            // Skew 2 is within --max-skew 2, but us-east-1b can take a task and has none while the
            // desired count covers every zone, so the planner still moves a task there.
            CliRun run = testbed.run("status", "--cluster", "prod", "--max-skew", "2");

            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            assertTrue(run.out().contains("Skew: 2 (max skew 2): SKEWED, no task in us-east-1b\n"), run.out());
        }
    }

    @Test
    void gatedServiceUsesPlannerRule() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            EcsEmulator emulator = testbed.emulator();
            String a = emulator.registerContainerInstance("prod", "us-east-1a");
            String b = emulator.registerContainerInstance("prod", "us-east-1b");
            emulator.registerContainerInstance("prod", "us-east-1c");
            emulator.createService("prod", ServiceSpec.builder().serviceName("web").desiredCount(3)
                    .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones())).build());
            // The scheduler starts the third task on the next tick, which this test never takes.
            emulator.placeRunningTask("prod", "web", a, null);
            emulator.placeRunningTask("prod", "web", b, null);

            CliRun run = testbed.run("status", "--cluster", "prod", "--output", "json");
            CliRun table = testbed.run("status", "--cluster", "prod");

            JsonNode web = run.json().get("services").get(0);
            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            assertEquals("SERVICE_NOT_STEADY", web.get("planReason").asText());
            assertEquals(1, web.get("skew").asInt());
            assertTrue(web.get("skewed").asBoolean());
            assertTrue(table.out().contains("Skew: 1 (max skew 1): SKEWED, no task in us-east-1c; SERVICE_NOT_STEADY: "
                    + "2 running task(s), desired count 3"), table.out());
        }
    }

    @Test
    void everyServiceAcrossPages() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            testbed.threeAvailabilityZones();
            // ListServices returns 10 services per page, so 12 need two pages.
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                String name = String.format("svc-%02d", i);
                names.add(name);
                testbed.emulator().createService("prod",
                        ServiceSpec.builder().serviceName(name).desiredCount(1).build());
            }
            testbed.emulator().advance(Duration.ofMinutes(1));

            CliRun run = testbed.run("status", "--cluster", "prod", "--output", "json");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            List<String> listed = new ArrayList<>();
            run.json().get("services").forEach(service -> listed.add(service.get("service").asText()));
            assertEquals(names, listed);
            assertFalse(run.json().get("skewed").asBoolean());
        }
    }

    @Test
    void repeatedServiceOptionKeepsOrder() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            testbed.emulator().createService("prod", ServiceSpec.builder().serviceName("api").desiredCount(0).build());

            CliRun run = testbed.run("status", "--cluster", "prod", "--service", "web", "--service",
                    "arn:aws:ecs:us-east-1:123456789012:service/prod/api", "--service", "web", "--output", "json");

            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            JsonNode services = run.json().get("services");
            assertEquals(2, services.size());
            assertEquals("web", services.get(0).get("service").asText());
            assertEquals("api", services.get(1).get("service").asText());
            assertEquals("DESIRED_COUNT_ZERO", services.get(1).get("planReason").asText());
            assertFalse(services.get(1).get("skewed").asBoolean());
        }
    }

    @Test
    void unsupportedNativeRebalancingListsEveryReason() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            testbed.threeAvailabilityZones();
            testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(2)
                    .maximumPercent(100).minimumHealthyPercent(50)
                    .placementStrategies(List.of(PlacementStrategy.binpack("memory")))
                    .placementConstraints(List.of(PlacementConstraint.memberOf(
                            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")))
                    .classicLoadBalancerName("legacy-elb")
                    .availabilityZoneRebalancing(false)
                    .build());

            CliRun table = testbed.run("status", "--cluster", "prod");
            CliRun json = testbed.run("status", "--cluster", "prod", "--output", "json");

            JsonNode nativeRebalancing = json.json().get("services").get(0).get("nativeRebalancing");
            assertEquals("DISABLED", nativeRebalancing.get("setting").asText());
            assertFalse(nativeRebalancing.get("supported").asBoolean());
            List<String> codes = new ArrayList<>();
            nativeRebalancing.get("reasons").forEach(reason -> codes.add(reason.get("code").asText()));
            assertEquals(List.of("MAXIMUM_PERCENT_100", "FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD",
                    "CLASSIC_LOAD_BALANCER", "AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT"), codes);
            assertTrue(table.out().contains("Native AZ rebalancing: DISABLED; not supported, because maximumPercent "
                    + "is 100 or lower"), table.out());
            assertTrue(table.out().contains("the service registers targets with a Classic Load Balancer"),
                    table.out());
        }
    }

    /** Returns an SDK client on the testbed's emulator, to change ECS as someone else would. */
    private static EcsClient ecsClient(CliTestbed testbed) {
        return EcsClient.builder()
                .endpointOverride(testbed.emulator().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void rebalancerRecordReadFromServiceTags() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz(); EcsClient ecs = ecsClient(testbed)) {
            String serviceArn = ecs.describeServices(request -> request.cluster("prod").services("web"))
                    .services().get(0).serviceArn();
            ecs.tagResource(request -> request.resourceArn(serviceArn).tags(Tag.builder()
                    .key(OperationRecord.LAST_REBALANCE_AT).value("2026-01-05T09:00:00Z").build()));

            CliRun json = testbed.run("status", "--cluster", "prod", "--output", "json");

            JsonNode rebalancer = json.json().get("services").get(0).get("rebalancer");
            assertTrue(rebalancer.get("lastRebalanceAt").asText().startsWith("2026-01-05T09:00"), rebalancer.toString());
            assertTrue(rebalancer.get("operationPhase").isNull(), rebalancer.toString());
            assertEquals(0, testbed.emulator().requestLog().count("ListTagsForResource"));
        }
    }

    @Test
    void protectedTasksShown() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz(); EcsClient ecs = ecsClient(testbed)) {
            ecs.updateTaskProtection(request -> request.cluster("prod").tasks("e6d1c1c466e441cda44d94c77372bb7e")
                    .protectionEnabled(true).expiresInMinutes(60));

            CliRun table = testbed.run("status", "--cluster", "prod");
            CliRun json = testbed.run("status", "--cluster", "prod", "--output", "json");

            JsonNode web = json.json().get("services").get(0);
            assertEquals(1, web.get("protectedTasks").asInt());
            assertTrue(web.get("tasks").get(1).get("protectionEnabled").asBoolean());
            assertTrue(table.out().contains("Scale-in protection: 1 task(s); native rebalancing waits until their "
                    + "protection ends."), table.out());
        }
    }

    @Test
    void emptyClusterHasNoServices() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            CliRun run = testbed.run("status", "--cluster", "prod");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            assertEquals("Cluster prod has no services on EC2.\n", run.out());
        }
    }
}
