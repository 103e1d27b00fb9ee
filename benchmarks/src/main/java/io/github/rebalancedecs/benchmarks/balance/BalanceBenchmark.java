package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.benchmarks.MarkdownTable;
import io.github.rebalancedecs.benchmarks.Summary;
import io.github.rebalancedecs.cli.SimulatedFallbackRebalancer;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.ScenarioRunner;
import io.github.rebalancedecs.emulator.scenario.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs scenarios with native rebalancing and with the fallback rebalancer on the emulator's
 * virtual clock, and measures the time to balance after capacity returns and the cost of the
 * rebalance.
 *
 * <p>Run {@code i} of {@code n} uses the scenario's seed plus {@code i} and starts the schedule
 * {@code i * interval / n} after the start, so the runs of a scheduled rebalancer spread evenly
 * over the phases of its schedule: with the 1-minute schedule and 5 runs, at 0, 12, 24, 36 and
 * 48 seconds.
 */
public final class BalanceBenchmark {

    /** The target: balanced within 2 simulated minutes of capacity returning. */
    public static final Duration TARGET_TIME_TO_BALANCE = Duration.ofMinutes(2);

    /** The target: at least 10 times sooner than native rebalancing. */
    public static final double TARGET_SPEED_UP = 10;

    private final int runs;
    private final Duration eventDelay;

    /**
     * Creates the benchmark.
     *
     * @param runs       the runs per scenario and rebalancer, at least 1
     * @param eventDelay the time from an ECS change to the invocation it triggers
     */
    public BalanceBenchmark(int runs, Duration eventDelay) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        this.runs = runs;
        this.eventDelay = Objects.requireNonNull(eventDelay, "eventDelay");
    }

    /**
     * A scenario of the benchmark.
     *
     * @param label    the name the report uses
     * @param scenario the scenario; its first service is measured
     */
    public record Case(String label, Scenario scenario) {

        public Case {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(scenario, "scenario");
        }

        String serviceName() {
            return scenario.services().get(0).spec().serviceName();
        }

        int desiredCount() {
            return scenario.services().get(0).spec().desiredCount();
        }
    }

    /**
     * One simulation.
     *
     * @param simulation         the simulation's result
     * @param timeToBalance      from capacity returning to settled balance; {@code null} when not
     *                           balanced at the end
     * @param lowestRunningCount the fewest RUNNING tasks from capacity returning to the end
     * @param extraTaskMinutes   task-minutes of RUNNING tasks above the scenario's desired count
     * @param peakExtraTasks     the most RUNNING tasks above the scenario's desired count at once
     * @param invocations        the fallback rebalancer's handler invocations; 0 for native rebalancing
     */
    public record Run(SimulationResult simulation, Duration timeToBalance, int lowestRunningCount,
            double extraTaskMinutes, int peakExtraTasks, int invocations) {
    }

    /**
     * The runs of one scenario with one rebalancer.
     *
     * @param scenarioCase the scenario
     * @param contender    the rebalancer
     * @param runs         the runs, in order
     */
    public record Measurement(Case scenarioCase, Contender contender, List<Run> runs) {

        public Measurement {
            runs = List.copyOf(runs);
        }

        /** Returns the runs that ended unbalanced. */
        public long unbalancedRuns() {
            return runs.stream().filter(run -> run.timeToBalance() == null).count();
        }

        /** Returns the time to balance in seconds, or {@code null} when a run ended unbalanced. */
        public Summary timeToBalanceSeconds() {
            if (unbalancedRuns() > 0) {
                return null;
            }
            return Summary.of(runs.stream().map(run -> (double) run.timeToBalance().toSeconds()).toList());
        }

        public Summary extraTaskMinutes() {
            return summary(Run::extraTaskMinutes);
        }

        public Summary peakExtraTasks() {
            return summary(run -> (double) run.peakExtraTasks());
        }

        public Summary lowestRunningCount() {
            return summary(run -> (double) run.lowestRunningCount());
        }

        public Summary ecsRequests() {
            return summary(run -> (double) run.simulation().ecsRequestCount());
        }

        public Summary invocations() {
            return summary(run -> (double) run.invocations());
        }

        private Summary summary(Function<Run, Double> value) {
            return Summary.of(runs.stream().map(value).toList());
        }
    }

    /** Runs the case with the contender {@code runs} times. */
    public Measurement measure(Case scenarioCase, Contender contender) {
        List<Run> results = new ArrayList<>();
        for (int index = 0; index < runs; index++) {
            Scenario seeded = BalanceScenarios.withSeed(scenarioCase.scenario(),
                    scenarioCase.scenario().settings().seed() + index);
            results.add(runOnce(new Case(scenarioCase.label(), seeded), contender, schedulePhase(index, runs)));
        }
        return new Measurement(scenarioCase, contender, results);
    }

    /**
     * Returns when the schedule of run {@code index} of {@code runs} first fires: {@code index}
     * times the schedule interval divided by {@code runs}, after the start of the scenario.
     */
    static Duration schedulePhase(int index, int runs) {
        return SimulatedFallbackRebalancer.SCHEDULE_INTERVAL.multipliedBy(index).dividedBy(runs);
    }

    /** Runs the case once, with the fallback rebalancer's schedule starting {@code schedulePhase} after the start. */
    public Run runOnce(Case scenarioCase, Contender contender, Duration schedulePhase) {
        Scenario scenario = scenarioCase.scenario();
        SimulationResult result;
        int invocations = 0;
        if (contender.mode() == RebalancerMode.FALLBACK) {
            try (SimulatedFallbackRebalancer fallback = new SimulatedFallbackRebalancer(contender.trigger(),
                    contender.policy(), schedulePhase, eventDelay)) {
                result = new ScenarioRunner(scenario, RebalancerMode.FALLBACK, fallback).run(step -> { });
                invocations = fallback.invocations();
            }
        } else {
            result = new ScenarioRunner(scenario, contender.mode(), null).run(step -> { });
        }
        if (!result.rebalancerErrors().isEmpty()) {
            throw new IllegalStateException("The fallback rebalancer failed in " + scenarioCase.label() + ": "
                    + result.rebalancerErrors());
        }
        String service = scenarioCase.serviceName();
        int desiredCount = scenarioCase.desiredCount();
        Duration capacityReturnedAt = BalanceScenarios.capacityReturnedAt(scenario);
        return new Run(result,
                StepMeasures.timeToBalance(result.steps(), service, desiredCount, capacityReturnedAt),
                StepMeasures.lowestRunningCount(result.steps(), service, capacityReturnedAt),
                StepMeasures.extraTaskMinutes(result.steps(), service, desiredCount, scenario.duration()),
                StepMeasures.peakExtraTasks(result.steps(), service, desiredCount),
                invocations);
    }

    /**
     * Renders the time-to-balance table: each measurement against the native measurement of the
     * same case, which must come first among that case's measurements.
     */
    public static String timeToBalanceTable(List<Measurement> measurements) {
        MarkdownTable table = new MarkdownTable("Scenario", "Rebalancer", "Time to balance after capacity returns",
                "Native time / this time", "Within 2 min and 10x native", "Handler invocations", "ECS API requests");
        Summary nativeTime = null;
        String nativeCase = null;
        for (Measurement measurement : measurements) {
            Summary time = measurement.timeToBalanceSeconds();
            boolean isNative = measurement.contender().mode() == RebalancerMode.NATIVE;
            if (isNative) {
                nativeTime = time;
                nativeCase = measurement.scenarioCase().label();
            }
            String speedUp = "";
            String meetsTarget = "";
            if (!isNative && time != null && nativeTime != null
                    && measurement.scenarioCase().label().equals(nativeCase)) {
                double ratio = nativeTime.median() / Math.max(1, time.median());
                speedUp = String.format(Locale.ROOT, "%.1f", ratio);
                meetsTarget = time.median() <= TARGET_TIME_TO_BALANCE.toSeconds() && ratio >= TARGET_SPEED_UP
                        ? "yes" : "no";
            } else if (!isNative) {
                meetsTarget = "no";
            }
            table.row(measurement.scenarioCase().label(), measurement.contender().label(), timeToBalance(measurement),
                    speedUp, meetsTarget,
                    isNative ? "" : measurement.invocations().format(0),
                    measurement.ecsRequests().format(0));
        }
        return table.render();
    }

    /** Renders the cost table: extra task-minutes above the desired count and the lowest running count. */
    public static String costTable(List<Measurement> measurements) {
        MarkdownTable table = new MarkdownTable("Scenario", "Rebalancer", "Deployment limits", "Desired count",
                "Extra task-minutes", "Most extra tasks at once", "Lowest running count", "Time to balance");
        for (Measurement measurement : measurements) {
            var spec = measurement.scenarioCase().scenario().services().get(0).spec();
            table.row(measurement.scenarioCase().label(), measurement.contender().label(),
                    "min " + spec.minimumHealthyPercent() + "%, max " + spec.maximumPercent() + "%",
                    spec.desiredCount(), measurement.extraTaskMinutes().format(1),
                    measurement.peakExtraTasks().format(0), measurement.lowestRunningCount().format(0),
                    timeToBalance(measurement));
        }
        return table.render();
    }

    private static String timeToBalance(Measurement measurement) {
        Summary time = measurement.timeToBalanceSeconds();
        if (time == null) {
            return "not balanced at the end in " + measurement.unbalancedRuns() + " of " + measurement.runs().size()
                    + " runs";
        }
        return time.format(BalanceBenchmark::readableDuration);
    }

    /** Formats seconds as {@code 21 s}, {@code 4 min 21 s} or {@code 6 h 0 min}. */
    static String readableDuration(double seconds) {
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %d min", whole / 3600, whole / 60 % 60);
    }
}
