package io.github.rebalancedecs.emulator.protocol;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AvailabilityZoneRebalancing;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A round trip through the real SDK client for every supported operation. */
class EcsApiSdkTest {

    private EcsEmulator emulator;
    private EcsClient ecs;
    private List<String> instanceIds;

    @BeforeEach
    void startEmulator() {
        emulator = Fixtures.fastEmulator().start();
        ecs = EcsClients.withoutRetries(emulator);
        instanceIds = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
        emulator.createService(CLUSTER, Fixtures.spreadService(3).hostPorts(List.of(8080)).tag("team", "payments")
                .build());
        Fixtures.awaitSteady(emulator, 3);
    }

    @AfterEach
    void stopEmulator() {
        ecs.close();
        emulator.close();
    }

    @Test
    void describeClustersReportsCountsAndMissing() {
        var response = ecs.describeClusters(r -> r.clusters(CLUSTER, "absent"));

        Cluster cluster = response.clusters().get(0);
        assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/prod", cluster.clusterArn());
        assertEquals("ACTIVE", cluster.status());
        assertEquals(3, cluster.registeredContainerInstancesCount());
        assertEquals(3, cluster.runningTasksCount());
        assertEquals(1, cluster.activeServicesCount());
        Failure failure = response.failures().get(0);
        assertEquals("MISSING", failure.reason());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/absent", failure.arn());
    }

    @Test
    void describeClustersDefaultsToDefaultCluster() {
        var response = ecs.describeClusters(r -> { });

        assertTrue(response.clusters().isEmpty());
        assertTrue(response.failures().get(0).arn().endsWith(":cluster/default"));
    }

    @Test
    void listServicesPaginates() {
        for (int i = 0; i < 4; i++) {
            emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("extra-" + i).desiredCount(0).build());
        }

        var first = ecs.listServices(r -> r.cluster(CLUSTER).maxResults(2));
        assertEquals(2, first.serviceArns().size());
        assertNotNull(first.nextToken());

        List<String> all = ecs.listServicesPaginator(r -> r.cluster(CLUSTER).maxResults(2)).serviceArns().stream()
                .toList();
        assertEquals(5, all.size());
        assertTrue(all.contains("arn:aws:ecs:us-east-1:123456789012:service/prod/web"));
    }

    @Test
    void describeServicesReturnsConfigurationAndCounts() {
        Service service = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE).include(ServiceField.TAGS))
                .services().get(0);

        assertEquals(SERVICE, service.serviceName());
        assertEquals(3, service.desiredCount());
        assertEquals(3, service.runningCount());
        assertEquals(0, service.pendingCount());
        assertEquals("REPLICA", service.schedulingStrategyAsString());
        assertEquals(AvailabilityZoneRebalancing.ENABLED, service.availabilityZoneRebalancing());
        assertEquals(200, service.deploymentConfiguration().maximumPercent());
        assertEquals(100, service.deploymentConfiguration().minimumHealthyPercent());
        assertEquals(PlacementStrategyType.SPREAD, service.placementStrategy().get(0).type());
        assertEquals("attribute:ecs.availability-zone", service.placementStrategy().get(0).field());
        assertEquals(List.of(Tag.builder().key("team").value("payments").build()), service.tags());
        assertEquals(Fixtures.fastEmulator().settings().startTime(), service.createdAt());
        assertTrue(service.events().stream().anyMatch(e -> e.message().contains("has reached a steady state")));
    }

    @Test
    void describeServicesOmitsTagsWithoutInclude() {
        Service service = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);

        // ECS sends tags only when include names TAGS, so the SDK reports the list as absent.
        assertFalse(service.hasTags(), service.tags().toString());
    }

    @Test
    void describeServicesIncludesTagsOfEachService() {
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("untagged").desiredCount(0).build());

        List<Service> services = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE, "untagged")
                .include(ServiceField.TAGS)).services();

        assertEquals(List.of(Tag.builder().key("team").value("payments").build()), services.get(0).tags());
        assertTrue(services.get(1).hasTags(), "an untagged service gets an empty tags list");
        assertEquals(List.of(), services.get(1).tags());
    }

    @Test
    void describeServicesRejectsMoreThanTen() {
        List<String> names = IntStream.range(0, 11).mapToObj(i -> "s" + i).toList();

        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.describeServices(r -> r.cluster(CLUSTER).services(names)));

        assertTrue(error.getMessage().contains("service names can have at most 10 items."), error.getMessage());
        assertEquals(400, error.statusCode());
    }

    @Test
    void describeServicesReportsMissingService() {
        var response = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE, "ghost"));

        assertEquals(1, response.services().size());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:service/prod/ghost", response.failures().get(0).arn());
        assertEquals("MISSING", response.failures().get(0).reason());
    }

    @Test
    void updateServiceChangesDesiredCountAndSettings() {
        Service updated = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE)
                .desiredCount(5)
                .availabilityZoneRebalancing(AvailabilityZoneRebalancing.DISABLED)
                .deploymentConfiguration(c -> c.maximumPercent(150).minimumHealthyPercent(50))
                .placementStrategy(software.amazon.awssdk.services.ecs.model.PlacementStrategy.builder()
                        .type(PlacementStrategyType.BINPACK).field("memory").build())).service();

        assertEquals(5, updated.desiredCount());
        assertEquals(AvailabilityZoneRebalancing.DISABLED, updated.availabilityZoneRebalancing());
        assertEquals(150, updated.deploymentConfiguration().maximumPercent());
        assertEquals(50, updated.deploymentConfiguration().minimumHealthyPercent());
        assertEquals("memory", updated.placementStrategy().get(0).field());

        // Every instance already binds host port 8080, so the two new tasks fit nowhere yet.
        emulator.advance(Duration.ofMinutes(1));
        Service waiting = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
        assertEquals(3, waiting.runningCount());
        assertEquals(2, waiting.pendingCount());

        emulator.registerContainerInstance(CLUSTER, "us-east-1a");
        emulator.registerContainerInstance(CLUSTER, "us-east-1b");
        Fixtures.awaitSteady(emulator, 5);
        assertEquals(5, ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns().size());
    }

    @Test
    void updateServiceRejectsInvalidValues() {
        InvalidParameterException percent = assertThrows(InvalidParameterException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE)
                        .deploymentConfiguration(c -> c.maximumPercent(90))));
        assertTrue(percent.getMessage().contains("maximumPercent must be at least 100, got 90"), percent.getMessage());

        InvalidParameterException memberOf = assertThrows(InvalidParameterException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE)
                        .placementConstraints(software.amazon.awssdk.services.ecs.model.PlacementConstraint.builder()
                                .type("memberOf").expression("task:group == web").build())));
        assertTrue(memberOf.getMessage().contains("task:group == web"), memberOf.getMessage());

        ClientException unknownTaskDefinition = assertThrows(ClientException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("other:2")));
        assertTrue(unknownTaskDefinition.getMessage().contains("TaskDefinition not found."),
                unknownTaskDefinition.getMessage());
        assertEquals(1, emulator.deployments(CLUSTER, SERVICE).size(), "a rejected update starts no deployment");
    }

    @Test
    void listTasksFiltersByServiceStatusAndInstance() {
        String onInstance = instanceIds.get(0);
        assertEquals(1, ecs.listTasks(r -> r.cluster(CLUSTER).containerInstance(onInstance)).taskArns().size());

        String victim = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns().get(0);
        ecs.stopTask(r -> r.cluster(CLUSTER).task(victim));
        emulator.advance(Duration.ofSeconds(1));

        List<String> stopped = ecs.listTasks(r -> r.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED)).taskArns();
        assertEquals(List.of(victim), stopped);
        assertEquals(3, ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns().size());
        assertEquals(3, ecs.listTasks(r -> r.cluster(CLUSTER).family(SERVICE)).taskArns().size());
    }

    @Test
    void listTasksPaginates() {
        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(5)
                .placementStrategy(Collections.emptyList()));
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("batch").desiredCount(2).build());
        emulator.advance(Duration.ofMinutes(1));

        ListTasksResponse first = ecs.listTasks(r -> r.cluster(CLUSTER).maxResults(3));
        ListTasksResponse second = ecs.listTasks(r -> r.cluster(CLUSTER).maxResults(3).nextToken(first.nextToken()));
        ListTasksResponse third = ecs.listTasks(r -> r.cluster(CLUSTER).maxResults(3).nextToken(second.nextToken()));

        assertEquals(3, first.taskArns().size());
        assertEquals(3, second.taskArns().size());
        assertEquals(1, third.taskArns().size());
        assertNull(third.nextToken());
        List<String> paged = ecs.listTasksPaginator(r -> r.cluster(CLUSTER).maxResults(2)).taskArns().stream().toList();
        assertEquals(7, paged.size());
        assertEquals(7, paged.stream().distinct().count());
    }

    @Test
    void listTasksRejectsBadTokenAndRange() {
        InvalidParameterException token = assertThrows(InvalidParameterException.class,
                () -> ecs.listTasks(r -> r.cluster(CLUSTER).nextToken("not-a-token")));
        assertTrue(token.getMessage().contains("Invalid nextToken"), token.getMessage());

        String servicesToken = ecs.listServices(r -> r.cluster(CLUSTER).maxResults(1)).nextToken();
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("other").desiredCount(0).build());
        String listServicesToken = ecs.listServices(r -> r.cluster(CLUSTER).maxResults(1)).nextToken();
        assertNull(servicesToken);
        assertThrows(InvalidParameterException.class,
                () -> ecs.listTasks(r -> r.cluster(CLUSTER).nextToken(listServicesToken)));

        InvalidParameterException range = assertThrows(InvalidParameterException.class,
                () -> ecs.listTasks(r -> r.cluster(CLUSTER).maxResults(101)));
        assertTrue(range.getMessage().contains("maxResults must be between 1 and 100, got 101"), range.getMessage());
    }

    @Test
    void listTasksUnknownServiceNotFound() {
        assertThrows(software.amazon.awssdk.services.ecs.model.ServiceNotFoundException.class,
                () -> ecs.listTasks(r -> r.cluster(CLUSTER).serviceName("ghost")));
    }

    @Test
    void describeTasksReturnsPlacementAndTimestamps() {
        List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns();

        List<Task> tasks = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns).include(TaskField.TAGS)).tasks();

        assertEquals(3, tasks.size());
        Map<String, Long> perZone = tasks.stream()
                .collect(Collectors.groupingBy(Task::availabilityZone, Collectors.counting()));
        assertEquals(Map.of("us-east-1a", 1L, "us-east-1b", 1L, "us-east-1c", 1L), perZone);
        Task task = tasks.get(0);
        assertEquals("RUNNING", task.lastStatus());
        assertEquals("RUNNING", task.desiredStatus());
        assertEquals("HEALTHY", task.healthStatusAsString());
        assertEquals("service:web", task.group());
        assertEquals("256", task.cpu());
        assertTrue(task.containerInstanceArn().contains(":container-instance/prod/"));
        assertEquals(8080, task.containers().get(0).networkBindings().get(0).hostPort());
        Instant start = Fixtures.fastEmulator().settings().startTime();
        assertTrue(task.startedAt().isAfter(start));
        assertFalse(task.startedAt().isAfter(emulator.now()));
    }

    @Test
    void describeTasksReportsUnknownAsMissing() {
        String arn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);

        var response = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arn, "0123456789abcdef0123456789abcdef"));

        assertEquals(1, response.tasks().size());
        assertEquals("MISSING", response.failures().get(0).reason());
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef",
                response.failures().get(0).arn());
    }

    @Test
    void describeTasksRejectsMoreThanHundred() {
        List<String> ids = IntStream.range(0, 101).mapToObj(i -> String.format("%032x", i)).toList();

        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(ids)));

        assertTrue(error.getMessage().contains("taskIds can have at most 100 items."), error.getMessage());
    }

    @Test
    void stopTaskStopsAndSchedulerReplaces() {
        String arn = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns().get(0);

        Task stopping = ecs.stopTask(r -> r.cluster(CLUSTER).task(arn).reason("test")).task();
        assertEquals("STOPPED", stopping.desiredStatus());

        emulator.advance(Duration.ofMinutes(1));
        Task stopped = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arn)).tasks().get(0);
        assertEquals("STOPPED", stopped.lastStatus());
        assertEquals("test", stopped.stoppedReason());
        assertEquals("UserInitiated", stopped.stopCodeAsString());
        assertNotNull(stopped.stoppedAt());
        assertEquals(3, ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0)
                .runningCount());
    }

    @Test
    void stopTaskRejectsUnknownTask() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.stopTask(r -> r.cluster(CLUSTER).task("0123456789abcdef0123456789abcdef")));

        assertTrue(error.getMessage().contains("The referenced task was not found"), error.getMessage());
    }

    @Test
    void listContainerInstancesFiltersByStatusAndAttribute() {
        emulator.drainContainerInstance(CLUSTER, instanceIds.get(1));
        emulator.stopContainerInstance(CLUSTER, instanceIds.get(2));

        assertEquals(2, ecs.listContainerInstances(r -> r.cluster(CLUSTER)).containerInstanceArns().size());
        assertEquals(1, ecs.listContainerInstances(r -> r.cluster(CLUSTER).status(ContainerInstanceStatus.DRAINING))
                .containerInstanceArns().size());
        List<String> inZoneA = ecs.listContainerInstances(r -> r.cluster(CLUSTER)
                .filter("attribute:ecs.availability-zone == us-east-1a")).containerInstanceArns();
        assertEquals(1, inZoneA.size());
        assertTrue(inZoneA.get(0).endsWith(instanceIds.get(0)));
    }

    @Test
    void listContainerInstancesOmitsOnlyInactive() {
        List<ContainerInstanceStatus> trunkingStatuses = List.of(ContainerInstanceStatus.REGISTERING,
                ContainerInstanceStatus.REGISTRATION_FAILED, ContainerInstanceStatus.DEREGISTERING);
        for (ContainerInstanceStatus status : trunkingStatuses) {
            String id = emulator.registerContainerInstance(CLUSTER, "us-east-1a");
            // The SDK's enum and the emulator's share their names.
            emulator.setContainerInstanceStatus(CLUSTER, id,
                    io.github.rebalancedecs.emulator.ContainerInstanceStatus.valueOf(status.toString()));
        }
        emulator.drainContainerInstance(CLUSTER, instanceIds.get(1));
        emulator.stopContainerInstance(CLUSTER, instanceIds.get(2));

        List<String> listed = ecs.listContainerInstances(r -> r.cluster(CLUSTER)).containerInstanceArns();

        assertEquals(5, listed.size(), listed.toString());
        assertFalse(listed.stream().anyMatch(arn -> arn.endsWith(instanceIds.get(2))), "the INACTIVE instance");
        List<String> statuses = ecs.describeContainerInstances(r -> r.cluster(CLUSTER).containerInstances(listed))
                .containerInstances().stream().map(ContainerInstance::status).sorted().toList();
        assertEquals(List.of("ACTIVE", "DEREGISTERING", "DRAINING", "REGISTERING", "REGISTRATION_FAILED"), statuses);
        for (ContainerInstanceStatus status : trunkingStatuses) {
            assertEquals(1, ecs.listContainerInstances(r -> r.cluster(CLUSTER).status(status))
                    .containerInstanceArns().size(), status.toString());
        }
    }

    @Test
    void listContainerInstancesPaginates() {
        for (int i = 0; i < 4; i++) {
            emulator.registerContainerInstance(CLUSTER, "us-east-1a");
        }

        var first = ecs.listContainerInstances(r -> r.cluster(CLUSTER).maxResults(5));
        List<String> all = ecs.listContainerInstancesPaginator(r -> r.cluster(CLUSTER).maxResults(2))
                .containerInstanceArns().stream().toList();

        assertEquals(5, first.containerInstanceArns().size());
        assertNotNull(first.nextToken());
        assertEquals(7, all.size());
    }

    @Test
    void describeContainerInstancesReportsZoneAndRemainingResources() {
        ContainerInstance instance = ecs.describeContainerInstances(r -> r.cluster(CLUSTER)
                .containerInstances(instanceIds.get(0)).include(ContainerInstanceField.TAGS))
                .containerInstances().get(0);

        String zone = instance.attributes().stream()
                .filter(a -> a.name().equals("ecs.availability-zone"))
                .findFirst().orElseThrow().value();
        assertEquals("us-east-1a", zone);
        assertEquals("ACTIVE", instance.status());
        assertTrue(instance.agentConnected());
        assertEquals(1, instance.runningTasksCount());
        assertEquals(2048 - 256, resource(instance.remainingResources(), "CPU").integerValue());
        assertEquals(4096 - 512, resource(instance.remainingResources(), "MEMORY").integerValue());
        assertTrue(resource(instance.remainingResources(), "PORTS").stringSetValue().contains("8080"));
        assertTrue(resource(instance.remainingResources(), "PORTS").stringSetValue().contains("22"));
        assertEquals(2048, resource(instance.registeredResources(), "CPU").integerValue());
        assertFalse(resource(instance.registeredResources(), "PORTS").stringSetValue().contains("8080"));
    }

    @Test
    void describeContainerInstancesBatchLimit() {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> ids.add(String.format("%032x", i)));
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.describeContainerInstances(r -> r.cluster(CLUSTER).containerInstances(ids)));
        assertTrue(error.getMessage().contains("instanceIds can have at most 100 items."), error.getMessage());

        var response = ecs.describeContainerInstances(r -> r.cluster(CLUSTER).containerInstances(ids.get(0)));
        assertEquals("MISSING", response.failures().get(0).reason());
    }

    @Test
    void taskProtectionRoundTrip() {
        List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns();

        UpdateTaskProtectionResponse update = ecs.updateTaskProtection(r -> r.cluster(CLUSTER)
                .tasks(arns.get(0), "0123456789abcdef0123456789abcdef").protectionEnabled(true).expiresInMinutes(30));
        ProtectedTask protectedTask = update.protectedTasks().get(0);
        assertTrue(protectedTask.protectionEnabled());
        assertEquals(emulator.now().plus(Duration.ofMinutes(30)), protectedTask.expirationDate());
        assertEquals("MISSING", update.failures().get(0).reason());

        var read = ecs.getTaskProtection(r -> r.cluster(CLUSTER).tasks(arns.get(0), arns.get(1))).protectedTasks();
        assertTrue(read.get(0).protectionEnabled());
        assertFalse(read.get(1).protectionEnabled());

        emulator.advance(Duration.ofMinutes(31));
        assertFalse(ecs.getTaskProtection(r -> r.cluster(CLUSTER).tasks(arns.get(0))).protectedTasks().get(0)
                .protectionEnabled());
    }

    @Test
    void taskProtectionDefaultsToTwoHours() {
        String arn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);

        ProtectedTask task = ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(arn).protectionEnabled(true))
                .protectedTasks().get(0);

        assertEquals(emulator.now().plus(Duration.ofHours(2)), task.expirationDate());
    }

    @Test
    void taskProtectionRejectsOverLimits() {
        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> String.format("%032x", i)).toList();
        InvalidParameterException tooMany = assertThrows(InvalidParameterException.class,
                () -> ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(eleven).protectionEnabled(true)));
        assertTrue(tooMany.getMessage().contains("taskIds can have at most 10 items."), tooMany.getMessage());

        String arn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);
        InvalidParameterException expiry = assertThrows(InvalidParameterException.class,
                () -> ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(arn).protectionEnabled(true)
                        .expiresInMinutes(2881)));
        assertTrue(expiry.getMessage().contains("between 1 and 2880, got 2881"), expiry.getMessage());
    }

    @Test
    void describeTaskDefinitionReturnsResourcesAndPorts() {
        String arn = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0).taskDefinition();

        for (String reference : List.of(arn, "web:1", "web")) {
            TaskDefinition definition = ecs.describeTaskDefinition(r -> r.taskDefinition(reference)).taskDefinition();
            assertEquals(arn, definition.taskDefinitionArn(), reference);
            assertEquals("256", definition.cpu());
            assertEquals("512", definition.memory());
            assertEquals(NetworkMode.BRIDGE, definition.networkMode());
            assertEquals(8080, definition.containerDefinitions().get(0).portMappings().get(0).hostPort());
        }
    }

    @Test
    void taskDefinitionRevisionPerResources() {
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("web-large").taskDefinitionFamily("web")
                .taskCpu(1024).desiredCount(0).build());

        TaskDefinition latest = ecs.describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition();

        assertEquals(2, latest.revision());
        assertEquals("1024", latest.cpu());
        assertEquals("256", ecs.describeTaskDefinition(r -> r.taskDefinition("web:1")).taskDefinition().cpu());
    }

    @Test
    void describeTaskDefinitionRejectsUnknown() {
        ClientException error = assertThrows(ClientException.class,
                () -> ecs.describeTaskDefinition(r -> r.taskDefinition("ghost:3")));

        assertTrue(error.getMessage().contains("Unable to describe task definition."), error.getMessage());
    }

    @Test
    void taggingRoundTripOnServiceTaskAndInstance() {
        String serviceArn = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
        String taskArn = ecs.listTasks(r -> r.cluster(CLUSTER)).taskArns().get(0);
        String instanceArn = ecs.listContainerInstances(r -> r.cluster(CLUSTER)).containerInstanceArns().get(0);

        String taskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
        for (String arn : List.of(serviceArn, taskArn, instanceArn, taskDefinitionArn)) {
            ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("rebalanced").value("true").build(),
                    Tag.builder().key("owner").value("sre").build()));
            ecs.untagResource(r -> r.resourceArn(arn).tagKeys("owner"));

            List<Tag> tags = ecs.listTagsForResource(r -> r.resourceArn(arn)).tags();
            assertTrue(tags.contains(Tag.builder().key("rebalanced").value("true").build()), arn + " " + tags);
            assertFalse(tags.stream().anyMatch(t -> t.key().equals("owner")), arn + " " + tags);
        }
        assertEquals(3, ecs.listTagsForResource(r -> r.resourceArn(serviceArn)).tags().size() + 1);
    }

    @Test
    void taggingUnknownResourceThrowsResourceNotFound() {
        assertThrows(software.amazon.awssdk.services.ecs.model.ResourceNotFoundException.class,
                () -> ecs.listTagsForResource(r -> r.resourceArn("arn:aws:ecs:us-east-1:123456789012:service/prod/ghost")));
        assertThrows(software.amazon.awssdk.services.ecs.model.ClusterNotFoundException.class,
                () -> ecs.listTagsForResource(r -> r.resourceArn("arn:aws:ecs:us-east-1:123456789012:cluster/ghost")));
        InvalidParameterException reserved = assertThrows(InvalidParameterException.class,
                () -> ecs.tagResource(r -> r.resourceArn("arn:aws:ecs:us-east-1:123456789012:cluster/prod")
                        .tags(Tag.builder().key("aws:owner").value("x").build())));
        assertTrue(reserved.getMessage().contains("aws:owner"), reserved.getMessage());
    }

    @Test
    void requestLogCountsEveryCall() {
        emulator.requestLog().clear();

        ecs.listTasks(r -> r.cluster(CLUSTER));
        ecs.listTasks(r -> r.cluster(CLUSTER));
        assertThrows(InvalidParameterException.class, () -> ecs.stopTask(r -> r.cluster(CLUSTER).task("nope")));

        assertEquals(2, emulator.requestLog().count("ListTasks"));
        assertEquals(1, emulator.requestLog().count("StopTask"));
        assertEquals("InvalidParameterException", emulator.requestLog().requests("StopTask").get(0).errorCode());
        assertTrue(emulator.requestLog().requests("ListTasks").get(0).requestBody().contains("\"cluster\":\"prod\""));
    }

    private static Resource resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
