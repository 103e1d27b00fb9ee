package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.benchmarks.balance.BalanceBenchmark.Case;
import io.github.rebalancedecs.benchmarks.balance.BalanceBenchmark.Measurement;
import io.github.rebalancedecs.cli.FallbackTrigger;
import io.github.rebalancedecs.cli.SimulatedFallbackRebalancer;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.TimelineAction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The time-to-balance and cost sections of the report, and the plot of tasks per Availability
 * Zone for observed case 1.
 */
public final class BalanceSection {

    /** The minimum healthy and maximum percent of the REPLACE runs: never more tasks than desired. */
    static final int REPLACE_MINIMUM_HEALTHY_PERCENT = 50;
    static final int REPLACE_MAXIMUM_PERCENT = 100;

    private final BalanceBenchmark benchmark;
    private final Duration largeServiceDuration;

    /**
     * @param runs                 runs per scenario and rebalancer
     * @param eventDelay           the time from an ECS change to the invocation it triggers
     * @param largeServiceDuration the virtual time the 300-task scenario covers
     */
    public BalanceSection(int runs, Duration eventDelay, Duration largeServiceDuration) {
        this.benchmark = new BalanceBenchmark(runs, eventDelay);
        this.largeServiceDuration = largeServiceDuration;
    }

    /** Runs every scenario, writes the plot and returns the Markdown of both tables. */
    public String run(Path plotFile) throws IOException {
        List<Case> observed = List.of(
                new Case("observed case 1", BalanceScenarios.observedCase("observed-case-1")),
                new Case("observed case 2", BalanceScenarios.observedCase("observed-case-2")),
                new Case("observed case 3", BalanceScenarios.observedCase("observed-case-3")));
        Case large = new Case("300 tasks, 6 AZs", BalanceScenarios.largeService(largeServiceDuration));

        // 1. Time to balance: native against the fallback rebalancer with SURGE and the default
        //    policy, with both triggers. The large service also runs a policy with caps of its own.
        List<Measurement> timing = new ArrayList<>();
        List<Case> all = new ArrayList<>(observed);
        all.add(large);
        for (Case scenarioCase : all) {
            timing.add(benchmark.measure(scenarioCase, Contender.nativeRebalancing()));
            timing.add(benchmark.measure(scenarioCase, Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE)));
            timing.add(benchmark.measure(scenarioCase, Contender.fallback("SURGE", FallbackTrigger.SCHEDULE)));
        }
        timing.add(benchmark.measure(large, Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE,
                Contender.CAPPED_POLICY_NAME, Contender.CAPPED_POLICY)));

        // 2. Cost: SURGE and native as configured, REPLACE and native where no extra task may run.
        Contender eventTriggered = Contender.fallback("SURGE", FallbackTrigger.EVENTS_AND_SCHEDULE);
        List<Measurement> cost = new ArrayList<>();
        for (Case scenarioCase : all) {
            cost.add(find(timing, scenarioCase, Contender.nativeRebalancing().label()));
            cost.add(find(timing, scenarioCase, eventTriggered.label()));
            Scenario limited = BalanceScenarios.withDeploymentLimits(scenarioCase.scenario(),
                    REPLACE_MINIMUM_HEALTHY_PERCENT, REPLACE_MAXIMUM_PERCENT);
            Case limitedCase = new Case(scenarioCase.label(), limited);
            cost.add(benchmark.measure(limitedCase, Contender.nativeRebalancing()));
            cost.add(benchmark.measure(limitedCase, Contender.fallback("REPLACE", FallbackTrigger.EVENTS_AND_SCHEDULE)));
        }

        // 3. The plot: observed case 1, native against the event-triggered fallback rebalancer.
        writePlot(plotFile, observed.get(0), find(timing, observed.get(0), Contender.nativeRebalancing().label()),
                find(timing, observed.get(0), eventTriggered.label()));

        return "#### Time to balance after capacity returns\n\n" + BalanceBenchmark.timeToBalanceTable(timing)
                + "\n#### Cost of a rebalance\n\n" + BalanceBenchmark.costTable(cost);
    }

    private static void writePlot(Path plotFile, Case scenarioCase, Measurement nativeMeasurement,
            Measurement fallbackMeasurement) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        String service = scenarioCase.serviceName();
        List<TasksPerAzPlot.Marker> markers = new ArrayList<>();
        for (Scenario.TimelineEvent event : scenario.timeline()) {
            markers.add(new TasksPerAzPlot.Marker(event.at(), markerLabel(event.action())));
        }
        String title = Character.toUpperCase(scenarioCase.label().charAt(0)) + scenarioCase.label().substring(1);
        TasksPerAzPlot.write(plotFile, title + ": RUNNING tasks per Availability Zone "
                        + "(desired count " + scenarioCase.desiredCount() + ")",
                List.of(panel("ECS native rebalancing (20-minute detection delay)", nativeMeasurement, service,
                                scenario.duration()),
                        panel("Fallback rebalancer (SURGE, ECS events and a "
                                + SimulatedFallbackRebalancer.SCHEDULE_INTERVAL.toMinutes() + "-minute schedule)",
                                fallbackMeasurement, service, scenario.duration())),
                markers);
    }

    private static String markerLabel(TimelineAction action) {
        return switch (action) {
            case REGISTER_CONTAINER_INSTANCE -> "new instance ACTIVE";
            case STOP_CONTAINER_INSTANCE -> "instance stopped";
            case FAIL_AVAILABILITY_ZONE -> "AZ failed";
            case RESTORE_AVAILABILITY_ZONE -> "AZ restored";
            default -> action.yamlName();
        };
    }

    /** Draws the run whose time to balance is the median of the measurement's runs. */
    private static TasksPerAzPlot.Panel panel(String title, Measurement measurement, String service,
            Duration duration) {
        BalanceBenchmark.Run run = medianRun(measurement);
        String balanced = run.timeToBalance() == null
                ? "not balanced at the end"
                : "balanced " + BalanceBenchmark.readableDuration(run.timeToBalance().toSeconds())
                        + " after capacity returned";
        return new TasksPerAzPlot.Panel(title + ": " + balanced, run.simulation().steps(), service, duration);
    }

    private static BalanceBenchmark.Run medianRun(Measurement measurement) {
        List<BalanceBenchmark.Run> sorted = new ArrayList<>(measurement.runs());
        sorted.sort(Comparator.comparing(run -> run.timeToBalance() == null
                ? Duration.ofDays(365) : run.timeToBalance()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static Measurement find(List<Measurement> measurements, Case scenarioCase, String contenderLabel) {
        return measurements.stream()
                .filter(measurement -> measurement.scenarioCase() == scenarioCase
                        && measurement.contender().label().equals(contenderLabel))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no measurement of " + contenderLabel + " in "
                        + scenarioCase.label()));
    }
}
