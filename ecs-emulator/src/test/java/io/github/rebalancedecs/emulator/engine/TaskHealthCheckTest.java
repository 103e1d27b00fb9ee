package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Container health checks. A task definition with one reports it in DescribeTaskDefinition and its
 * tasks turn HEALTHY. Without one, tasks stay UNKNOWN, as ECS reports them.
 */
class TaskHealthCheckTest {

    private EcsEmulator emulator;
    private EcsClient ecs;
    private List<String> instanceIds;

    @BeforeEach
    void startEmulator() {
        emulator = Fixtures.fastEmulator().start();
        ecs = EcsClients.withoutRetries(emulator);
        instanceIds = Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
    }

    @AfterEach
    void stopEmulator() {
        ecs.close();
        emulator.close();
    }

    @Test
    void specsDefaultToHealthCheck() {
        assertTrue(ServiceSpec.builder().serviceName("web").build().taskHealthCheck());
        assertTrue(TaskDefinitionSpec.builder().family("web").build().healthCheck());
        assertTrue(new TaskDefinitionSpec("web", 256, 512, List.of()).healthCheck());
    }

    @Test
    void describeTaskDefinitionRendersHealthCheck() {
        emulator.createService(CLUSTER, Fixtures.spreadService(1).build());

        ContainerDefinition container = ecs.describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition()
                .containerDefinitions().get(0);

        HealthCheck healthCheck = container.healthCheck();
        assertNotNull(healthCheck, container.toString());
        assertEquals("CMD-SHELL", healthCheck.command().get(0));
        assertEquals(30, healthCheck.interval());
        assertEquals(5, healthCheck.timeout());
        assertEquals(3, healthCheck.retries());
        assertTrue(container.essential());
    }

    @Test
    void describeTaskDefinitionOmitsMissingHealthCheck() {
        emulator.createService(CLUSTER, Fixtures.spreadService(1).taskHealthCheck(false).build());
        String registered = emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("worker")
                .healthCheck(false).build());

        for (String reference : List.of("web", registered)) {
            ContainerDefinition container = ecs.describeTaskDefinition(r -> r.taskDefinition(reference))
                    .taskDefinition().containerDefinitions().get(0);

            assertNull(container.healthCheck(), reference + ": " + container);
        }
    }

    @Test
    void healthCheckChangeRegistersNewRevision() {
        emulator.createService(CLUSTER, Fixtures.spreadService(1).build());
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("web-unchecked").taskDefinitionFamily("web")
                .taskHealthCheck(false).desiredCount(1).build());

        String checked = ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0)
                .taskDefinition();
        String unchecked = ecs.describeServices(r -> r.cluster(CLUSTER).services("web-unchecked")).services().get(0)
                .taskDefinition();

        assertTrue(checked.endsWith("task-definition/web:1"), checked);
        assertTrue(unchecked.endsWith("task-definition/web:2"), unchecked);
        assertNull(ecs.describeTaskDefinition(r -> r.taskDefinition("web:2")).taskDefinition()
                .containerDefinitions().get(0).healthCheck());
    }

    @Test
    void tasksWithHealthCheckTurnHealthy() {
        emulator.createService(CLUSTER, Fixtures.spreadService(3).build());

        emulator.advanceUntil(() -> allRunning(3), Duration.ofMinutes(1));
        assertEquals(Set.of(HealthStatus.UNKNOWN), healthStatuses());

        emulator.advance(emulator.settings().healthCheckDuration());
        assertEquals(Set.of(HealthStatus.HEALTHY), healthStatuses());
    }

    @Test
    void tasksWithoutHealthCheckStayUnknown() {
        emulator.createService(CLUSTER, Fixtures.spreadService(3).taskHealthCheck(false).build());

        assertTrue(emulator.advanceUntil(() -> allRunning(3), Duration.ofMinutes(1)), emulator.tasks(CLUSTER, SERVICE)
                .toString());
        emulator.advance(Duration.ofHours(1));

        assertTrue(allRunning(3), emulator.tasks(CLUSTER, SERVICE).toString());
        List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)).taskArns();
        List<Task> tasks = ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks();
        assertEquals(3, tasks.size());
        for (Task task : tasks) {
            assertEquals("UNKNOWN", task.healthStatusAsString(), task.taskArn());
            assertEquals("UNKNOWN", task.containers().get(0).healthStatusAsString(), task.taskArn());
        }
    }

    @Test
    void placedTaskWithoutHealthCheckIsUnknown() {
        emulator.createService(CLUSTER, Fixtures.spreadService(1).taskHealthCheck(false).build());
        emulator.createService(CLUSTER, ServiceSpec.builder().serviceName("api").desiredCount(1).build());

        emulator.placeRunningTask(CLUSTER, SERVICE, instanceIds.get(0), null);
        emulator.placeRunningTask(CLUSTER, "api", instanceIds.get(0), null);

        assertEquals(HealthStatus.UNKNOWN, emulator.tasks(CLUSTER, SERVICE).get(0).healthStatus());
        assertEquals(HealthStatus.HEALTHY, emulator.tasks(CLUSTER, "api").get(0).healthStatus());
    }

    /**
     * ECS counts a task without a container health check toward the minimum healthy percent
     * 40 seconds after it reaches RUNNING, so a rolling update with 100/200 stops no old task
     * before the new ones have run that long.
     */
    @Test
    void deploymentCountsUncheckedTasksAfterFortySeconds() {
        emulator.createService(CLUSTER, Fixtures.spreadService(3).taskHealthCheck(false).build());
        assertTrue(emulator.advanceUntil(() -> allRunning(3), Duration.ofMinutes(1)));
        emulator.advance(Duration.ofMinutes(1));
        Set<String> oldTasks = emulator.tasks(CLUSTER, SERVICE).stream().map(TaskSnapshot::taskId)
                .collect(Collectors.toSet());
        emulator.startDeployment(CLUSTER, SERVICE, emulator.registerTaskDefinition(TaskDefinitionSpec.builder()
                .family("web").healthCheck(false).build()));

        // The first old task may stop only once a new task counts as healthy.
        Instant firstStop = null;
        Instant firstNewTaskRunning = null;
        for (int tick = 0; tick < 600 && emulator.deployments(CLUSTER, SERVICE).size() > 1; tick++) {
            emulator.advance(emulator.settings().tickInterval());
            List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE);
            if (firstStop == null && tasks.stream().anyMatch(task -> oldTasks.contains(task.taskId())
                    && task.desiredStatus() == TaskStatus.STOPPED)) {
                firstStop = emulator.now();
                firstNewTaskRunning = tasks.stream()
                        .filter(task -> !oldTasks.contains(task.taskId()) && task.startedAt() != null)
                        .map(TaskSnapshot::startedAt)
                        .min(Instant::compareTo)
                        .orElseThrow();
            }
        }

        assertNotNull(firstStop, "no old task stopped: " + emulator.tasks(CLUSTER, SERVICE));
        assertFalse(firstStop.isBefore(firstNewTaskRunning.plus(Duration.ofSeconds(40))),
                "an old task stopped at " + firstStop + ", the first new task ran at " + firstNewTaskRunning);
        assertEquals(1, emulator.deployments(CLUSTER, SERVICE).size(), emulator.deployments(CLUSTER, SERVICE)
                .toString());
        assertTrue(allRunning(3), emulator.tasks(CLUSTER, SERVICE).toString());
        assertEquals(Set.of(HealthStatus.UNKNOWN), healthStatuses());
    }

    private boolean allRunning(int count) {
        List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE).stream()
                .filter(task -> task.desiredStatus() == TaskStatus.RUNNING)
                .toList();
        return tasks.size() == count && tasks.stream().allMatch(task -> task.lastStatus() == TaskStatus.RUNNING);
    }

    private Set<HealthStatus> healthStatuses() {
        return emulator.tasks(CLUSTER, SERVICE).stream()
                .filter(task -> task.desiredStatus() == TaskStatus.RUNNING)
                .map(TaskSnapshot::healthStatus)
                .collect(Collectors.toSet());
    }
}
