package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RebalanceExecutorTest {

    static final Map<String, Integer> BALANCED = Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1);
    static final RebalancePolicy SURGE =
            new RebalancePolicy(RebalanceStrategy.SURGE, 1, 5, 2, Duration.ZERO);
    static final RebalancePolicy REPLACE = SURGE.withStrategy(RebalanceStrategy.REPLACE);
    static final ExecutorSettings SETTINGS =
            new ExecutorSettings(Duration.ofMinutes(5), 5, Duration.ZERO, false);

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    /** A case set-up: the testbed, minimum healthy percent and maximum percent. */
    interface CaseSetup {
        void apply(EmulatorTestbed testbed, int minimumHealthyPercent, int maximumPercent);
    }

    static Stream<Arguments> observedCases() {
        return Stream.of(
                Arguments.of(Named.of("observed case 1: instance replaced", (CaseSetup) ObservedCases::instanceReplaced)),
                Arguments.of(Named.of("observed case 2: two tasks in one AZ", (CaseSetup) ObservedCases::twoTasksInOneZone)),
                Arguments.of(Named.of("observed case 3: all tasks on one instance",
                        (CaseSetup) ObservedCases::allTasksOnOneInstance)));
    }

    @ParameterizedTest(name = "SURGE, {0}")
    @MethodSource("observedCases")
    void surgeBalancesObservedCase(CaseSetup setup) {
        setup.apply(testbed, 100, 200);
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, running -> running >= 3);

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(SURGE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        assertEquals(3, testbed.desiredCount(SERVICE));
        assertNoOperationLeft(testbed);
    }

    @ParameterizedTest(name = "REPLACE, {0}")
    @MethodSource("observedCases")
    void replaceBalancesObservedCase(CaseSetup setup) {
        setup.apply(testbed, 50, 100);
        // minimumHealthyPercent 50 of 3 tasks: at least 2 run at every moment, and never a fourth.
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, running -> running >= 2 && running <= 3);

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(REPLACE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        assertEquals(3, testbed.desiredCount(SERVICE));
        assertEquals(3, testbed.tasks(SERVICE).size(), "no extra task with REPLACE");
        assertNoOperationLeft(testbed);
    }

    /** Asserts that the service carries no operation tags and no task keeps unexpired protection. */
    static void assertNoOperationLeft(EmulatorTestbed testbed) {
        Map<String, String> tags = testbed.tags(SERVICE);
        assertFalse(tags.containsKey("rebalanced-ecs:phase"), tags.toString());
        assertTrue(testbed.tasks(SERVICE).stream().allMatch(task -> task.protectionExpiresAt() == null
                        || !task.protectionExpiresAt().isAfter(testbed.emulator().now())),
                "protection left: " + testbed.tasks(SERVICE));
    }
}
