package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.DeploymentSnapshot;
import io.github.rebalancedecs.emulator.EcsClients;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Fixtures;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.RolloutState;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.emulator.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.rebalancedecs.emulator.Fixtures.CLUSTER;
import static io.github.rebalancedecs.emulator.Fixtures.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rolling update (ECS) deployments, started and read through the real SDK client. */
class DeploymentTest {

    private static final String REVISION_1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    private static final String REVISION_2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    private EcsEmulator emulator;
    private EcsClient ecs;

    @BeforeEach
    void startEmulator() {
        emulator = Fixtures.fastEmulator().start();
        ecs = EcsClients.withoutRetries(emulator);
        Fixtures.clusterWithInstances(emulator, "us-east-1a", "us-east-1b", "us-east-1c");
    }

    @AfterEach
    void stopEmulator() {
        ecs.close();
        emulator.close();
    }

    @Test
    void newRevisionStartsDeploymentInProgress() {
        steadyService(Fixtures.spreadService(3));
        String oldDeploymentId = describeService().deployments().get(0).id();
        String registered = emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("web")
                .cpu(512).memory(1024).build());

        Service updated = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("web:2"))
                .service();

        assertEquals(REVISION_2, registered);
        assertEquals(REVISION_2, updated.taskDefinition());
        assertEquals(2, updated.deployments().size());
        Deployment primary = updated.deployments().get(0);
        assertEquals("PRIMARY", primary.status());
        assertNotEquals(oldDeploymentId, primary.id());
        assertTrue(primary.id().matches("ecs-svc/\\d{19}"), primary.id());
        assertEquals(REVISION_2, primary.taskDefinition());
        assertEquals(DeploymentRolloutState.IN_PROGRESS, primary.rolloutState());
        assertEquals("ECS deployment " + primary.id() + " in progress.", primary.rolloutStateReason());
        assertEquals(3, primary.desiredCount());
        assertEquals(0, primary.runningCount());
        Deployment old = updated.deployments().get(1);
        assertEquals("ACTIVE", old.status());
        assertEquals(oldDeploymentId, old.id());
        assertEquals(REVISION_1, old.taskDefinition());
        assertEquals(DeploymentRolloutState.COMPLETED, old.rolloutState());
        assertEquals(3, old.desiredCount());
        assertEquals(3, old.runningCount());
    }

    @Test
    void rollingUpdateKeepsPercentsAndCompletes() {
        steadyService(Fixtures.spreadService(3));
        String oldDeploymentId = describeService().deployments().get(0).id();
        List<String> oldTaskArns = listTasks(DesiredStatus.RUNNING);
        emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("web").cpu(512).memory(1024).build());
        String deploymentId = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("web:2"))
                .service().deployments().get(0).id();

        // minimumHealthyPercent 100 and maximumPercent 200 of 3 tasks: 3 to 6 tasks at every tick.
        advanceUntilCompleted(3, 6);

        Service done = describeService();
        assertEquals(1, done.deployments().size());
        Deployment completed = done.deployments().get(0);
        assertEquals(deploymentId, completed.id());
        assertEquals("PRIMARY", completed.status());
        assertEquals(DeploymentRolloutState.COMPLETED, completed.rolloutState());
        assertEquals("ECS deployment " + deploymentId + " completed.", completed.rolloutStateReason());
        assertEquals(3, completed.desiredCount());
        assertEquals(3, completed.runningCount());
        assertEquals(0, completed.pendingCount());
        assertEquals(0, completed.failedTasks());
        assertTrue(completed.updatedAt().isAfter(completed.createdAt()), completed.toString());
        assertTrue(done.events().stream().anyMatch(event -> event.message().equals(
                "(service web) (deployment " + deploymentId + ") deployment completed.")), done.events().toString());

        List<Task> tasks = describeTasks(listTasks(DesiredStatus.RUNNING));
        assertEquals(3, tasks.size());
        for (Task task : tasks) {
            assertEquals(REVISION_2, task.taskDefinitionArn());
            assertEquals(deploymentId, task.startedBy());
            assertEquals("512", task.cpu());
            assertFalse(oldTaskArns.contains(task.taskArn()), task.taskArn());
        }
        for (Task oldTask : describeTasks(oldTaskArns)) {
            assertEquals("STOPPED", oldTask.lastStatus());
            assertEquals("Scaling activity initiated by (deployment " + oldDeploymentId + ")", oldTask.stoppedReason());
        }
        assertEquals(3, ecs.listTasks(r -> r.cluster(CLUSTER).startedBy(deploymentId)).taskArns().size());
    }

    @Test
    void forceNewDeploymentReplacesEveryTask() {
        steadyService(Fixtures.spreadService(3));
        List<String> oldTaskArns = listTasks(DesiredStatus.RUNNING);

        Service updated = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true))
                .service();
        advanceUntilCompleted(3, 6);

        assertEquals(2, updated.deployments().size());
        assertEquals(REVISION_1, updated.deployments().get(0).taskDefinition());
        assertEquals(REVISION_1, updated.deployments().get(1).taskDefinition());
        List<String> newTaskArns = listTasks(DesiredStatus.RUNNING);
        assertEquals(3, newTaskArns.size());
        assertTrue(newTaskArns.stream().noneMatch(oldTaskArns::contains), newTaskArns.toString());
    }

    @Test
    void minimumHealthyFiftyStopsOldTasksFirst() {
        // One host port per task and four instances: no room for a fifth task, so the scheduler
        // must stop old tasks first, keeping 2 of 4 healthy.
        emulator.registerContainerInstance(CLUSTER, "us-east-1a");
        steadyService(Fixtures.spreadService(4).hostPorts(List.of(8080)).minimumHealthyPercent(50).maximumPercent(100));

        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true));
        long fewestHealthy = advanceUntilCompleted(2, 4);

        assertEquals(2, fewestHealthy, "two old tasks stopped to make room for new ones");
        assertEquals(4, describeService().runningCount());
    }

    @Test
    void unchangedTaskDefinitionStartsNoDeployment() {
        steadyService(Fixtures.spreadService(3));
        String deploymentId = describeService().deployments().get(0).id();

        Service updated = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("web")
                .desiredCount(4)).service();

        assertEquals(1, updated.deployments().size());
        assertEquals(deploymentId, updated.deployments().get(0).id());
        assertEquals(DeploymentRolloutState.COMPLETED, updated.deployments().get(0).rolloutState());
        assertEquals(4, updated.deployments().get(0).desiredCount());
    }

    @Test
    void desiredCountChangeAppliesToPrimary() {
        steadyService(Fixtures.spreadService(3));
        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true));
        emulator.advance(Duration.ofSeconds(3));

        Service raised = ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).desiredCount(5)).service();
        advanceUntilCompleted(3, 10);

        assertEquals(5, raised.deployments().get(0).desiredCount());
        assertEquals(3, raised.deployments().get(1).desiredCount());
        Service done = describeService();
        assertEquals(5, done.runningCount());
        assertEquals(5, done.deployments().get(0).runningCount());
    }

    @Test
    void protectedTaskHoldsDeploymentBack() {
        steadyService(Fixtures.spreadService(3));
        String protectedTask = listTasks(DesiredStatus.RUNNING).get(0);
        ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(protectedTask).protectionEnabled(true)
                .expiresInMinutes(60));

        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true));
        emulator.advance(Duration.ofMinutes(5));

        Service waiting = describeService();
        assertEquals(2, waiting.deployments().size());
        assertEquals(DeploymentRolloutState.IN_PROGRESS, waiting.deployments().get(0).rolloutState());
        assertEquals(1, waiting.deployments().get(1).runningCount());
        assertEquals(1, waiting.deployments().get(1).desiredCount());
        assertEquals("RUNNING", describeTasks(List.of(protectedTask)).get(0).desiredStatus());

        ecs.updateTaskProtection(r -> r.cluster(CLUSTER).tasks(protectedTask).protectionEnabled(false));
        advanceUntilCompleted(3, 6);

        assertEquals("STOPPED", describeTasks(List.of(protectedTask)).get(0).desiredStatus());
    }

    @Test
    void failingRevisionCountsFailedTasks() {
        steadyService(Fixtures.spreadService(3));
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            emulator.faults().failTaskStarts(zone);
        }
        emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("web").build());

        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("web:2"));
        emulator.advance(Duration.ofMinutes(2));

        Service failing = describeService();
        Deployment primary = failing.deployments().get(0);
        assertTrue(primary.failedTasks() >= 3, primary.toString());
        assertEquals(0, primary.runningCount());
        assertEquals(DeploymentRolloutState.IN_PROGRESS, primary.rolloutState());
        assertEquals(3, failing.deployments().get(1).runningCount());

        emulator.faults().clear();
        advanceUntilCompleted(3, 6);

        assertEquals(0, describeService().deployments().get(0).failedTasks(), "the count resets once a task runs");
    }

    @Test
    void oldTaskReplacedInKindBelowMinimum() {
        steadyService(Fixtures.spreadService(3));
        // No instance has room for the new revision, so its tasks wait in PROVISIONING.
        emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("web").cpu(4096).build());
        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition("web:2"));
        emulator.advance(Duration.ofSeconds(30));
        String oldDeploymentId = describeService().deployments().get(1).id();

        // The stop leaves 2 healthy tasks, fewer than the 3 that minimumHealthyPercent 100 requires.
        String stopped = listTasks(DesiredStatus.RUNNING).stream()
                .filter(arn -> describeTasks(List.of(arn)).get(0).startedBy().equals(oldDeploymentId))
                .findFirst().orElseThrow();
        ecs.stopTask(r -> r.cluster(CLUSTER).task(stopped));
        emulator.advance(Duration.ofMinutes(1));

        Deployment old = describeService().deployments().get(1);
        assertEquals(3, old.desiredCount(), "the old deployment keeps its place below the minimum healthy count");
        assertEquals(3, old.runningCount());
        List<Task> oldTasks = describeTasks(listTasks(DesiredStatus.RUNNING)).stream()
                .filter(task -> task.startedBy().equals(oldDeploymentId))
                .toList();
        assertEquals(3, oldTasks.size());
        assertTrue(oldTasks.stream().allMatch(task -> task.taskDefinitionArn().equals(REVISION_1)),
                oldTasks.toString());
        assertFalse(oldTasks.stream().anyMatch(task -> task.taskArn().equals(stopped)));
    }

    @Test
    void daemonDeploymentReplacesTaskPerInstance() {
        steadyService(ServiceSpec.builder().serviceName(SERVICE).daemon(true).minimumHealthyPercent(50)
                .maximumPercent(100));

        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true));
        // 50% of 3 instances, rounded up: 2 stay healthy while one instance swaps its task.
        advanceUntilCompleted(2, 3);

        String deploymentId = describeService().deployments().get(0).id();
        List<Task> tasks = describeTasks(listTasks(DesiredStatus.RUNNING));
        assertEquals(3, tasks.size());
        assertTrue(tasks.stream().allMatch(task -> task.startedBy().equals(deploymentId)), tasks.toString());
        Set<String> instances = tasks.stream().map(Task::containerInstanceArn).collect(Collectors.toSet());
        assertEquals(3, instances.size());
    }

    @Test
    void classicLoadBalancerServiceOmitsRolloutState() {
        steadyService(Fixtures.spreadService(2).classicLoadBalancerName("legacy"));

        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).forceNewDeployment(true));

        for (Deployment deployment : describeService().deployments()) {
            assertNull(deployment.rolloutState(), deployment.toString());
            assertNull(deployment.rolloutStateReason(), deployment.toString());
        }
    }

    @Test
    void blankTaskDefinitionIsRejected() {
        steadyService(Fixtures.spreadService(1));

        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition(" ")));

        assertTrue(error.getMessage().contains("Task Definition can not be blank."), error.getMessage());
    }

    @Test
    void javaApiStartsAndReportsDeployment() {
        steadyService(Fixtures.spreadService(2));
        emulator.registerTaskDefinition(TaskDefinitionSpec.builder().family("web").build());

        String deploymentId = emulator.startDeployment(CLUSTER, SERVICE, "web:2");
        List<DeploymentSnapshot> started = emulator.deployments(CLUSTER, SERVICE);
        advanceUntilCompleted(2, 4);

        assertEquals(deploymentId, started.get(0).id());
        assertEquals(RolloutState.IN_PROGRESS, started.get(0).rolloutState());
        assertEquals(REVISION_2, started.get(0).taskDefinitionArn());
        assertEquals(RolloutState.COMPLETED, emulator.deployments(CLUSTER, SERVICE).get(0).rolloutState());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> emulator.startDeployment(CLUSTER, SERVICE, "web:9"));
        assertTrue(unknown.getMessage().contains("No task definition web:9 is registered"), unknown.getMessage());
    }

    @Test
    void taskDefinitionSpecRejectsInvalidFamily() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TaskDefinitionSpec.builder().family("web app").build());

        assertTrue(error.getMessage().contains("got 'web app'"), error.getMessage());
    }

    private void steadyService(ServiceSpec.Builder spec) {
        ServiceSpec built = spec.availabilityZoneRebalancing(false).build();
        emulator.createService(CLUSTER, built);
        int desiredCount = built.daemon() ? emulator.containerInstances(CLUSTER).size() : built.desiredCount();
        Fixtures.awaitSteady(emulator, desiredCount);
    }

    /**
     * Advances tick by tick until the service has one deployment, COMPLETED, and checks the
     * minimum healthy and maximum percent at every tick. Returns the fewest healthy tasks seen.
     */
    private long advanceUntilCompleted(int minimumHealthyTasks, int maximumTasks) {
        long fewestHealthy = Long.MAX_VALUE;
        for (int tick = 0; tick < 900; tick++) {
            emulator.advance(emulator.settings().tickInterval());
            List<TaskSnapshot> tasks = emulator.tasks(CLUSTER, SERVICE).stream()
                    .filter(task -> task.desiredStatus() == TaskStatus.RUNNING)
                    .toList();
            long healthy = tasks.stream().filter(task -> task.lastStatus() == TaskStatus.RUNNING
                    && task.healthStatus() == HealthStatus.HEALTHY).count();
            assertTrue(healthy >= minimumHealthyTasks, "healthy tasks dropped to " + healthy + ": " + tasks);
            assertTrue(tasks.size() <= maximumTasks, "tasks rose to " + tasks.size() + ": " + tasks);
            fewestHealthy = Math.min(fewestHealthy, healthy);
            List<DeploymentSnapshot> deployments = emulator.deployments(CLUSTER, SERVICE);
            if (deployments.size() == 1 && deployments.get(0).rolloutState() == RolloutState.COMPLETED) {
                return fewestHealthy;
            }
        }
        throw new AssertionError("the deployment did not complete in 15 minutes: "
                + emulator.deployments(CLUSTER, SERVICE));
    }

    private Service describeService() {
        return ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE)).services().get(0);
    }

    private List<String> listTasks(DesiredStatus desiredStatus) {
        return ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE).desiredStatus(desiredStatus)).taskArns();
    }

    private List<Task> describeTasks(List<String> taskArns) {
        return ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(taskArns)).tasks();
    }
}
