package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RebalanceRunnerTest {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final long PLENTY_OF_TIME = Duration.ofMinutes(15).toMillis();

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
        ObservedCases.twoTasksInOneZone(testbed, 100, 200);
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    @Test
    void listenerSeesEachStepBeforePause() {
        List<ReconcileResult> seen = new ArrayList<>();
        List<Integer> seenAtEachPause = new ArrayList<>();
        Sleeper advanceEmulatorClock = duration -> {
            seenAtEachPause.add(seen.size());
            testbed.emulator().advance(duration);
        };

        List<ServiceRunSummary> summaries = runner(advanceEmulatorClock)
                .run(EmulatorTestbed.CLUSTER, List.of(SERVICE), true, () -> PLENTY_OF_TIME, seen::add);

        assertEquals(1, summaries.size());
        assertEquals(summaries.get(0).steps(), seen);
        assertEquals(ReconcileOutcome.STARTED, seen.get(0).outcome());
        assertEquals(ReconcileOutcome.COMPLETED, seen.get(seen.size() - 1).outcome());
        assertTrue(seen.stream().allMatch(step -> step.serviceName().equals(SERVICE)), seen.toString());
        // One step per round: the listener has seen round n when the n-th pause begins.
        for (int pause = 0; pause < seenAtEachPause.size(); pause++) {
            assertEquals(pause + 1, seenAtEachPause.get(pause), "steps seen at pause " + (pause + 1));
        }
    }

    @Test
    void timeShortEndsWithStepInFlight() {
        List<ReconcileResult> seen = new ArrayList<>();

        List<ServiceRunSummary> summaries = runner(testbed.emulator()::advance)
                .run(EmulatorTestbed.CLUSTER, List.of(SERVICE), true, () -> 0L, seen::add);

        assertEquals(1, seen.size());
        assertEquals(ReconcileOutcome.STARTED, seen.get(0).outcome());
        assertFalse(summaries.get(0).last().outcome().isTerminal(), summaries.toString());
    }

    @Test
    void listenerFailureEndsRunAndNextRunCompletes() {
        IllegalStateException failure = new IllegalStateException("progress output closed");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> runner(testbed.emulator()::advance).run(EmulatorTestbed.CLUSTER, List.of(SERVICE), true,
                        () -> PLENTY_OF_TIME, step -> {
                            throw failure;
                        }));
        String phaseAfterFailure = testbed.tags(SERVICE).get("rebalanced-ecs:phase");
        List<ServiceRunSummary> next = runner(testbed.emulator()::advance)
                .run(EmulatorTestbed.CLUSTER, List.of(SERVICE), true, () -> PLENTY_OF_TIME);

        assertSame(failure, thrown);
        assertEquals("SURGING", phaseAfterFailure, "the operation stays recorded in the service's tags");
        assertEquals(ReconcileOutcome.COMPLETED, next.get(0).last().outcome(), next.toString());
        assertEquals(RebalanceExecutorTest.BALANCED, testbed.tasksPerAz(SERVICE));
    }

    private RebalanceRunner runner(Sleeper sleeper) {
        RebalanceExecutor executor = testbed.executor(RebalanceExecutorTest.SURGE, RebalanceExecutorTest.SETTINGS,
                MutationListener.NONE);
        return new RebalanceRunner(executor, sleeper, POLL, Duration.ofSeconds(20));
    }
}
