package io.github.rebalancedecs.benchmarks.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.benchmarks.balance.BalanceBenchmark.Case;
import io.github.rebalancedecs.benchmarks.balance.BalanceBenchmark.Measurement;
import io.github.rebalancedecs.benchmarks.balance.BalanceBenchmark.Run;
import io.github.rebalancedecs.cli.FallbackTrigger;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run of observed case 3 per rebalancer: the smoke version of the time-to-balance benchmark. */
class BalanceBenchmarkTest {

    private static final Case CASE_3 = new Case("observed case 3", BalanceScenarios.observedCase("observed-case-3"));

    private final BalanceBenchmark benchmark = new BalanceBenchmark(1, Duration.ofSeconds(10));

    @TempDir
    Path directory;

    @Test
    void nativeRebalancingBalancesAfterDetectionDelay() {
        Run run = benchmark.runOnce(CASE_3, Contender.nativeRebalancing(), Duration.ZERO);

        assertNotNull(run.timeToBalance());
        assertTrue(run.timeToBalance().compareTo(Duration.ofMinutes(20)) >= 0, run.timeToBalance().toString());
        assertEquals(0, run.invocations());
        assertEquals(2, run.peakExtraTasks(), "native rebalancing starts both tasks before it stops any");
    }

    @Test
    void eventTriggeredFallbackBalancesBeforeNative() {
        Run nativeRun = benchmark.runOnce(CASE_3, Contender.nativeRebalancing(), Duration.ZERO);
        Run fallbackRun = benchmark.runOnce(CASE_3,
                Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE), Duration.ofSeconds(30));

        assertNotNull(fallbackRun.timeToBalance());
        assertTrue(fallbackRun.timeToBalance().compareTo(nativeRun.timeToBalance()) < 0,
                fallbackRun.timeToBalance() + " is not before " + nativeRun.timeToBalance());
        assertTrue(fallbackRun.invocations() > 0);
        assertTrue(fallbackRun.simulation().ecsRequestCount() > 0);
        assertEquals(3, fallbackRun.lowestRunningCount());
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1),
                fallbackRun.simulation().service("web").finalTasksPerZone());
    }

    @Test
    void nativeCannotActWithMaximumPercent100() {
        Case limited = new Case("limited", BalanceScenarios.withDeploymentLimits(CASE_3.scenario(), 50, 100));

        Run nativeRun = benchmark.runOnce(limited, Contender.nativeRebalancing(), Duration.ZERO);
        Run replaceRun = benchmark.runOnce(limited,
                Contender.fallback("REPLACE", FallbackTrigger.EVENTS_AND_SCHEDULE), Duration.ZERO);

        assertNull(nativeRun.timeToBalance());
        assertNotNull(replaceRun.timeToBalance());
        assertEquals(0, replaceRun.peakExtraTasks(), "REPLACE never runs more tasks than desired");
    }

    @Test
    void tablesAndPlotRender() throws Exception {
        Measurement nativeMeasurement = benchmark.measure(CASE_3, Contender.nativeRebalancing());
        Measurement fallbackMeasurement = benchmark.measure(CASE_3,
                Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE));
        Path plot = directory.resolve("plot.png");

        String timing = BalanceBenchmark.timeToBalanceTable(List.of(nativeMeasurement, fallbackMeasurement));
        String cost = BalanceBenchmark.costTable(List.of(nativeMeasurement, fallbackMeasurement));
        TasksPerAzPlot.write(plot, "test", List.of(
                new TasksPerAzPlot.Panel("native", nativeMeasurement.runs().get(0).simulation().steps(), "web",
                        CASE_3.scenario().duration())),
                List.of(new TasksPerAzPlot.Marker(Duration.ofMinutes(1), "new instance ACTIVE")));

        assertTrue(timing.contains("| observed case 3 | native |"), timing);
        assertTrue(cost.contains("min 100%, max 200%"), cost);
        BufferedImage image = ImageIO.read(Files.newInputStream(plot));
        assertEquals(1200, image.getWidth());
    }

    @Test
    void largeServiceBalancesInOneOperation() {
        Case large = new Case("300 tasks, 6 AZs", BalanceScenarios.largeService(Duration.ofMinutes(20)));

        Run run = benchmark.runOnce(large, Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE),
                Duration.ZERO);

        assertNotNull(run.timeToBalance(), "balanced within the 20 simulated minutes");
        assertEquals(50, run.peakExtraTasks(), "one operation surges every task the restored zone lacks");
        assertEquals(300, run.lowestRunningCount());
        assertEquals(50, run.simulation().service("web").finalTasksPerZone().get(BalanceScenarios.FAILED_ZONE));
    }

    @Test
    void schedulePhasesSpreadOverInterval() {
        List<Duration> phases = List.of(0, 1, 2, 3, 4).stream()
                .map(index -> BalanceBenchmark.schedulePhase(index, 5))
                .toList();

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(12), Duration.ofSeconds(24), Duration.ofSeconds(36),
                Duration.ofSeconds(48)), phases);
        assertEquals(Duration.ZERO, BalanceBenchmark.schedulePhase(0, 1));
    }

    @Test
    void cappedContenderNamesItsPolicy() {
        Contender capped = Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE,
                Contender.CAPPED_POLICY_NAME, Contender.CAPPED_POLICY);

        assertEquals("fallback SURGE, events + 1-minute schedule, capped policy", capped.label());
        assertEquals(Map.of(RebalancerConfig.STRATEGY, "SURGE", RebalancerConfig.MAX_SURGE, "2",
                RebalancerConfig.MAX_MOVES_PER_RUN, "5", RebalancerConfig.COOLDOWN_MINUTES, "10"), capped.policy());
        assertEquals(Map.of(RebalancerConfig.STRATEGY, "REPLACE"),
                Contender.fallback("REPLACE", FallbackTrigger.SCHEDULE).policy(), "the runtime's defaults otherwise");
    }

    @Test
    void largeServiceStartsBalancedOverSixZones() {
        var scenario = BalanceScenarios.largeService(Duration.ofHours(1));

        assertEquals(300, scenario.services().get(0).initialTasks().size());
        assertEquals(12, scenario.containerInstances().size());
        assertEquals(Duration.ofMinutes(10), BalanceScenarios.capacityReturnedAt(scenario));
    }
}
