package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.RequestLog;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which ECS reads a reconcile makes: only those that measure the balance while nothing needs to
 * change, and the reads that acting needs (tasks on their way to STOPPED, scale-in protection)
 * before any step that may change something.
 */
class ObservationReadsTest {

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    private ReconcileResult reconcile() {
        return testbed.executor(RebalanceExecutorTest.SURGE, RebalanceExecutorTest.SETTINGS, MutationListener.NONE)
                .reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
    }

    @Test
    void balancedServiceReadsLowerBound() {
        testbed.service(ServiceSpec.builder().serviceName(SERVICE).desiredCount(3));
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            testbed.runningTask(SERVICE, testbed.instance(null, zone), null);
        }
        testbed.emulator().requestLog().clear();

        ReconcileResult result = reconcile();

        assertEquals(ReconcileOutcome.NO_ACTION, result.outcome(), result.toString());
        RequestLog log = testbed.emulator().requestLog();
        Map<String, Integer> expected = Map.of("DescribeServices", 1, "ListTasks", 1, "DescribeTasks", 1,
                "ListContainerInstances", 1, "DescribeContainerInstances", 1, "GetTaskProtection", 0);
        expected.forEach((operation, count) -> assertEquals(count, log.count(operation), operation));
        // The first reconcile of an execution environment also reads the task definition once.
        assertEquals(expected.values().stream().mapToInt(Integer::intValue).sum(),
                log.size() - log.count("DescribeTaskDefinition"), log.requests().toString());
    }

    @Test
    void skewedServiceReadsProtectionFirst() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        testbed.emulator().requestLog().clear();

        ReconcileResult result = reconcile();

        assertEquals(ReconcileOutcome.STARTED, result.outcome(), result.toString());
        RequestLog log = testbed.emulator().requestLog();
        assertEquals(2, log.count("DescribeServices"), "one read to measure, one to act");
        assertEquals(3, log.count("ListTasks"), "RUNNING to measure; RUNNING and STOPPED to act");
        assertEquals(1, log.count("GetTaskProtection"));
        int firstMutation = indexOf(log, "TagResource");
        assertTrue(firstMutation > indexOf(log, "GetTaskProtection"), "protection is read before any change");
    }

    @Test
    void operationInFlightReadsOnceInFull() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        assertEquals(ReconcileOutcome.STARTED, reconcile().outcome());
        testbed.emulator().requestLog().clear();

        reconcile();

        // The operation's tags in DescribeServices make the first read the full one.
        RequestLog log = testbed.emulator().requestLog();
        assertEquals(1, log.count("DescribeServices"), log.requests().toString());
        assertEquals(2, log.count("ListTasks"), "RUNNING and STOPPED");
        assertEquals(1, log.count("GetTaskProtection"));
    }

    @Test
    void protectedCrowdedZoneChangesNothing() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        // Someone else protects every task in the crowded zone: the measuring read cannot see that,
        // so the reconcile reads protection and then finds no task it may stop.
        List<String> taskArns = testbed.tasks(SERVICE).stream().map(task -> task.taskArn()).toList();
        testbed.ecs().updateTaskProtection(request -> request.cluster(EmulatorTestbed.CLUSTER).tasks(taskArns)
                .protectionEnabled(true).expiresInMinutes(60));
        testbed.emulator().requestLog().clear();

        ReconcileResult result = reconcile();

        assertEquals(ReconcileOutcome.NO_ACTION, result.outcome(), result.toString());
        RequestLog log = testbed.emulator().requestLog();
        assertEquals(1, log.count("GetTaskProtection"));
        assertEquals(0, log.count("UpdateService") + log.count("TagResource") + log.count("UpdateTaskProtection"),
                log.requests().toString());
        assertEquals(3, testbed.desiredCount(SERVICE));
    }

    private static int indexOf(RequestLog log, String operation) {
        List<String> operations = log.requests().stream().map(request -> request.operation()).toList();
        assertTrue(operations.contains(operation), operation + " not called: " + operations);
        return operations.indexOf(operation);
    }
}
