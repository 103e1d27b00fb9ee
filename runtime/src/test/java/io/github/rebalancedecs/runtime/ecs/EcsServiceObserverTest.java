package io.github.rebalancedecs.runtime.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskDefinitionSpec;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.ContainerInstanceSnapshot;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EcsServiceObserverTest {

    private EmulatorTestbed testbed;
    private EcsServiceObserver observer;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
        observer = new EcsServiceObserver(testbed.ecs(), testbed.taskDefinitions(), Map.of(), testbed.clock());
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    @Test
    void observesServiceTasksInstancesAndEmptyZones() {
        String a = testbed.instance(null, "us-east-1a");
        testbed.instance(null, "us-east-1b");
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(2).maximumPercent(150)
                .minimumHealthyPercent(50).tag("team", "payments"));
        testbed.runningTask("web", a, null);
        testbed.runningTask("web", a, null);

        ServiceSnapshot snapshot = observer.observe(EmulatorTestbed.CLUSTER, "web");

        assertEquals(2, snapshot.desiredCount());
        assertEquals(150, snapshot.maximumPercent());
        assertEquals(50, snapshot.minimumHealthyPercent());
        assertEquals("REPLICA", snapshot.schedulingStrategy());
        assertEquals("payments", snapshot.tags().get("team"));
        assertEquals(2, snapshot.tasks().size());
        assertEquals(2, snapshot.containerInstances().size());
        assertEquals(Map.of("us-east-1a", 2, "us-east-1b", 0), AzDistribution.of(snapshot).tasksPerAz());
        assertEquals(2048 - 512, snapshot.containerInstances().stream()
                .filter(instance -> instance.containerInstanceId().equals(a))
                .findFirst().orElseThrow().remainingCpu());
    }

    @Test
    void readsTagsWithDescribeServices() {
        testbed.instance(null, "us-east-1a");
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(0).tag("team", "payments")
                .tag("env", "prod"));
        testbed.service(ServiceSpec.builder().serviceName("untagged").desiredCount(0));

        ServiceSnapshot tagged = observer.observe(EmulatorTestbed.CLUSTER, "web");
        ServiceSnapshot untagged = observer.observe(EmulatorTestbed.CLUSTER, "untagged");

        assertEquals(Map.of("team", "payments", "env", "prod"), tagged.tags());
        assertEquals(Map.of(), untagged.tags());
        assertEquals(2, testbed.emulator().requestLog().count("DescribeServices"));
        assertEquals(0, testbed.emulator().requestLog().count("ListTagsForResource"));
    }

    @Test
    void observesEveryInstanceButInactive() {
        String active = testbed.instance(null, "us-east-1a");
        String draining = testbed.instance(null, "us-east-1b");
        String deregistering = testbed.instance(null, "us-east-1c");
        String inactive = testbed.instance(null, "us-east-1c");
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(2));
        testbed.runningTask("web", active, null);
        testbed.runningTask("web", deregistering, null);
        testbed.emulator().drainContainerInstance(EmulatorTestbed.CLUSTER, draining);
        testbed.emulator().setContainerInstanceStatus(EmulatorTestbed.CLUSTER, deregistering,
                ContainerInstanceStatus.DEREGISTERING);
        testbed.emulator().stopContainerInstance(EmulatorTestbed.CLUSTER, inactive);

        ServiceSnapshot snapshot = observer.observe(EmulatorTestbed.CLUSTER, "web");

        Map<String, String> statusById = snapshot.containerInstances().stream().collect(Collectors.toMap(
                ContainerInstanceSnapshot::containerInstanceId, ContainerInstanceSnapshot::status));
        assertEquals(Map.of(active, "ACTIVE", draining, "DRAINING", deregistering, "DEREGISTERING"), statusById);
        assertEquals(1, testbed.emulator().requestLog().count("ListContainerInstances"));
        // Only the ACTIVE instance can take a task. The task on the DEREGISTERING one still counts.
        AzDistribution distribution = AzDistribution.of(snapshot);
        assertEquals(List.of("us-east-1a"), distribution.eligibleAzs());
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 0, "us-east-1c", 1), distribution.tasksPerAz());
    }

    @Test
    void followsPaginationAndBatchesBeyondOneHundredTasks() {
        String a = testbed.instance(null, "us-east-1a", 65536, 131072);
        testbed.service(ServiceSpec.builder().serviceName("big").desiredCount(130).taskCpu(128).taskMemory(128));
        for (int i = 0; i < 130; i++) {
            testbed.runningTask("big", a, null);
        }

        ServiceSnapshot snapshot = observer.observe(EmulatorTestbed.CLUSTER, "big");

        assertEquals(130, snapshot.tasks().size());
        assertEquals(2, testbed.emulator().requestLog().count("DescribeTasks"));
        assertTrue(testbed.emulator().requestLog().count("ListTasks") >= 3);
    }

    @Test
    void balanceObservationSkipsSafetyReads() {
        String a = testbed.instance(null, "us-east-1a");
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(1));
        testbed.runningTask("web", a, "0123456789abcdef0123456789abcdef");
        testbed.ecs().updateTaskProtection(request -> request.cluster(EmulatorTestbed.CLUSTER)
                .tasks("0123456789abcdef0123456789abcdef").protectionEnabled(true).expiresInMinutes(60));
        testbed.emulator().requestLog().clear();

        ServiceSnapshot balance = observer.observeBalance(EmulatorTestbed.CLUSTER, "web");

        assertFalse(balance.actionable());
        assertFalse(balance.tasks().get(0).protectionEnabled(), "protection is not read");
        assertEquals(0, testbed.emulator().requestLog().count("GetTaskProtection"));
        assertEquals(1, testbed.emulator().requestLog().count("ListTasks"), "desired status RUNNING only");

        ServiceSnapshot full = observer.observe(EmulatorTestbed.CLUSTER, "web");

        assertTrue(full.actionable());
        assertTrue(full.tasks().get(0).protectionEnabled());
    }

    @Test
    void readsTaskProtection() {
        String a = testbed.instance(null, "us-east-1a");
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(1));
        testbed.runningTask("web", a, "0123456789abcdef0123456789abcdef");
        testbed.ecs().updateTaskProtection(request -> request.cluster(EmulatorTestbed.CLUSTER)
                .tasks("0123456789abcdef0123456789abcdef").protectionEnabled(true).expiresInMinutes(60));

        TaskSnapshot task = observer.observe(EmulatorTestbed.CLUSTER, "web").tasks().get(0);

        assertTrue(task.protectionEnabled());
        assertEquals(testbed.emulator().now().plus(Duration.ofMinutes(60)), task.protectionExpiresAt());
    }

    @Test
    void taskWithoutRoomIsObservedWithoutInstance() {
        testbed.instance(null, "us-east-1a", 256, 512);
        testbed.service(ServiceSpec.builder().serviceName("web").desiredCount(2).taskCpu(256).taskMemory(512));
        testbed.emulator().advance(Duration.ofMinutes(1));

        List<TaskSnapshot> tasks = observer.observe(EmulatorTestbed.CLUSTER, "web").tasks();

        assertEquals(2, tasks.size());
        TaskSnapshot waiting = tasks.stream().filter(task -> task.containerInstanceArn() == null)
                .findFirst().orElseThrow();
        assertEquals("PROVISIONING", waiting.lastStatus());
        assertNull(waiting.availabilityZone());
        assertTrue(waiting.isInTransition());
    }

    @Test
    void readsHealthCheckOfEachTaskRevision() {
        String a = testbed.instance(null, "us-east-1a");
        testbed.withoutTaskHealthCheck().service(ServiceSpec.builder().serviceName("web").desiredCount(1));
        testbed.runningTask("web", a, "0123456789abcdef0123456789abcdef");
        String revision = testbed.emulator().registerTaskDefinition(TaskDefinitionSpec.builder().family("web")
                .build());
        testbed.emulator().startDeployment(EmulatorTestbed.CLUSTER, "web", revision);
        // The new task is RUNNING once it has started, and its health check has not passed yet.
        testbed.emulator().advanceUntil(() -> testbed.runningTasks("web") == 2, Duration.ofMinutes(1));

        List<TaskSnapshot> tasks = observer.observe(EmulatorTestbed.CLUSTER, "web").tasks();
        observer.observe(EmulatorTestbed.CLUSTER, "web");

        assertEquals(2, tasks.size(), tasks.toString());
        TaskSnapshot old = tasks.stream().filter(task -> task.taskId().equals("0123456789abcdef0123456789abcdef"))
                .findFirst().orElseThrow();
        TaskSnapshot started = tasks.stream().filter(task -> task != old).findFirst().orElseThrow();
        assertEquals("UNKNOWN", old.healthStatus());
        assertFalse(old.healthCheck());
        assertTrue(old.isRunningAndHealthy());
        assertEquals("UNKNOWN", started.healthStatus());
        assertTrue(started.healthCheck());
        assertTrue(started.isAwaitingHealthCheck());
        assertFalse(started.isRunningAndHealthy());
        assertEquals(2, testbed.emulator().requestLog().count("DescribeTaskDefinition"), "one read per revision");
    }

    @Test
    void unknownServiceFails() {
        EcsAccessException error = assertThrows(EcsAccessException.class,
                () -> observer.observe(EmulatorTestbed.CLUSTER, "missing"));

        assertEquals("DescribeServices", error.operation());
        assertTrue(error.getMessage().contains("missing"), error.getMessage());
    }
}
