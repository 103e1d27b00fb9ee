package io.github.rebalancedecs.runtime.metrics;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.executor.RebalanceRunner;
import io.github.rebalancedecs.runtime.executor.ReconcileOutcome;
import io.github.rebalancedecs.runtime.executor.ReconcileResult;
import io.github.rebalancedecs.runtime.executor.ServiceRunSummary;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class EmfMetricsWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
    private static final RebalancePolicy SURGE = new RebalancePolicy(RebalanceStrategy.SURGE, 1, 5, 2, Duration.ZERO);
    private static final ExecutorSettings SETTINGS = new ExecutorSettings(Duration.ofMinutes(5), 5, Duration.ZERO,
            false);

    private final List<String> lines = new ArrayList<>();
    private final EmfMetricsWriter writer = new EmfMetricsWriter("RebalancedEcs", lines::add, CLOCK);

    private JsonNode serviceDocument() {
        return JsonNode.parser().parse(lines.get(0));
    }

    private static String number(JsonNode document, String name) {
        return document.field(name).orElseThrow(() -> new AssertionError(name + " missing in " + document))
                .asNumber();
    }

    @ParameterizedTest(name = "run ending {0} -> RebalanceFailures {1}")
    @CsvSource({"FAILED, 1", "COMPLETED, 0", "PLANNED, 0", "ROLLED_BACK, 0", "DEFERRED, 0", "NO_ACTION, 0"})
    void failuresCountRunsEndingFailed(ReconcileOutcome outcome, String failures) {
        AzDistribution distribution = new AzDistribution(new TreeMap<>(Map.of("us-east-1a", 1, "us-east-1b", 1)),
                List.of("us-east-1a", "us-east-1b"), 0);
        ReconcileResult last = new ReconcileResult("prod", SERVICE, outcome, "the run's last step", distribution,
                null, 0);

        writer.write("prod", new ServiceRunSummary(SERVICE, List.of(last)));

        assertEquals(failures, number(serviceDocument(), EmfMetricsWriter.FAILURES));
    }

    @Test
    void failuresIsDeclaredAsCountWithServiceDimensions() {
        ReconcileResult failed = new ReconcileResult("prod", SERVICE, ReconcileOutcome.FAILED,
                "observation failed, no action", null, null, 0);

        writer.write("prod", new ServiceRunSummary(SERVICE, List.of(failed)));

        assertEquals(1, lines.size(), "no TasksPerAz without an observation: " + lines);
        JsonNode document = serviceDocument();
        JsonNode directive = document.field("_aws").orElseThrow().field("CloudWatchMetrics").orElseThrow()
                .asArray().get(0);
        assertEquals("RebalancedEcs", directive.field("Namespace").orElseThrow().asString());
        List<String> dimensions = directive.field("Dimensions").orElseThrow().asArray().get(0).asArray().stream()
                .map(JsonNode::asString)
                .toList();
        assertEquals(List.of("ClusterName", "ServiceName"), dimensions);
        List<JsonNode> metrics = directive.field("Metrics").orElseThrow().asArray();
        assertTrue(metrics.stream().anyMatch(metric -> "RebalanceFailures".equals(
                metric.field("Name").orElseThrow().asString())
                && "Count".equals(metric.field("Unit").orElseThrow().asString())), metrics.toString());
        assertEquals("1", number(document, "RebalanceFailures"));
        assertEquals("1", number(document, "RebalanceSkipped"));
    }

    @Test
    void dryRunWithOperationInFlightReportsFailure() {
        try (EmulatorTestbed testbed = new EmulatorTestbed()) {
            ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
            testbed.executor(SURGE, SETTINGS, MutationListener.NONE).reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
            RebalanceExecutor dryRun = testbed.executor(SURGE, SETTINGS.withDryRun(true), MutationListener.NONE);

            ServiceRunSummary summary = run(testbed, dryRun);
            writer.write(EmulatorTestbed.CLUSTER, summary);

            assertEquals(ReconcileOutcome.FAILED, summary.last().outcome(), summary.toString());
            JsonNode document = serviceDocument();
            assertEquals("1", number(document, "RebalanceFailures"));
            assertEquals("3", number(document, "AzSkew"));
            assertEquals(EmulatorTestbed.CLUSTER, document.field("ClusterName").orElseThrow().asString());
            assertEquals(SERVICE, document.field("ServiceName").orElseThrow().asString());
        }
    }

    @Test
    void completedRunReportsNoFailure() {
        try (EmulatorTestbed testbed = new EmulatorTestbed()) {
            ObservedCases.instanceReplaced(testbed, 100, 200);

            ServiceRunSummary summary = run(testbed, testbed.executor(SURGE, SETTINGS, MutationListener.NONE));
            writer.write(EmulatorTestbed.CLUSTER, summary);

            assertEquals(ReconcileOutcome.COMPLETED, summary.last().outcome(), summary.toString());
            assertEquals("0", number(serviceDocument(), "RebalanceFailures"));
            assertEquals("1", number(serviceDocument(), "RebalanceMovesCompleted"));
        }
    }

    /** Runs the executor as the handler does, each pause advancing the emulator's virtual clock. */
    private static ServiceRunSummary run(EmulatorTestbed testbed, RebalanceExecutor executor) {
        RebalanceRunner runner = new RebalanceRunner(executor, duration -> testbed.emulator().advance(duration),
                Duration.ofSeconds(5), Duration.ofSeconds(20));
        return runner.run(EmulatorTestbed.CLUSTER, List.of(SERVICE), true, () -> Duration.ofMinutes(15).toMillis())
                .get(0);
    }
}
