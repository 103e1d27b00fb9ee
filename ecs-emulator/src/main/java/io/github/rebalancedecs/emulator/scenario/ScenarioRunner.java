package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.TaskStatus;
import io.github.rebalancedecs.emulator.engine.AvailabilityZoneBalance;
import io.github.rebalancedecs.emulator.engine.Cluster;
import io.github.rebalancedecs.emulator.engine.ContainerInstance;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.Service;
import io.github.rebalancedecs.emulator.engine.Task;
import io.github.rebalancedecs.emulator.scenario.Scenario.ScenarioService;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} on a fresh emulator and the virtual clock, tick by tick, and measures
 * each service: time to balance, extra task-minutes and the lowest running count.
 *
 * <p>A run of hours of virtual time takes well under a second, because nothing waits on the
 * wall clock. The emulator serves HTTP on 127.0.0.1 during the run, so a fallback rebalancer
 * reaches it through the real SDK.
 */
public final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    private final Scenario scenario;
    private final RebalancerMode mode;
    private final SimulatedRebalancer fallbackRebalancer;

    /**
     * @param fallbackRebalancer the rebalancer for {@link RebalancerMode#FALLBACK}, or {@code null}
     *                           when none is available; required in that mode
     */
    public ScenarioRunner(Scenario scenario, RebalancerMode mode, SimulatedRebalancer fallbackRebalancer) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == RebalancerMode.FALLBACK && fallbackRebalancer == null) {
            throw new IllegalArgumentException("The fallback rebalancer mode needs a SimulatedRebalancer; "
                    + "run the simulation from the rebalanced-ecs CLI, which provides the runtime's rebalancer");
        }
        this.fallbackRebalancer = fallbackRebalancer;
    }

    /** Runs the scenario, passing every step to {@code stepListener} as it happens. */
    public SimulationResult run(Consumer<SimulationStep> stepListener) {
        try (EcsEmulator emulator = EcsEmulator.start(scenario.settings())) {
            TimelinePlayer player = new TimelinePlayer(scenario);
            player.setUp(emulator, mode == RebalancerMode.NATIVE);
            return simulate(emulator, player, stepListener);
        }
    }

    private SimulationResult simulate(EcsEmulator emulator, TimelinePlayer player,
            Consumer<SimulationStep> stepListener) {
        Instant start = emulator.now();
        Instant end = start.plus(scenario.duration());
        Duration tick = scenario.settings().tickInterval();
        Map<String, ServiceTracker> trackers = new LinkedHashMap<>();
        scenario.services().forEach(s -> trackers.put(s.spec().serviceName(), new ServiceTracker()));
        List<SimulationStep> steps = new ArrayList<>();
        List<String> rebalancerErrors = new ArrayList<>();

        Observation initial = observe(emulator, Duration.ZERO);
        trackers.forEach((name, tracker) -> tracker.sample(initial, name, start, Duration.ZERO));
        report(steps, stepListener, initial, Duration.ZERO, "start");

        Instant nextRebalancerRun = start;
        Observation previous = initial;
        while (emulator.now().isBefore(end)) {
            Duration elapsed = Duration.between(start, emulator.now());

            // 1. Apply the timeline events that are due, then show their effect.
            List<String> applied = player.applyDue(emulator, elapsed);
            if (!applied.isEmpty()) {
                previous = observe(emulator, elapsed);
                Observation afterEvents = previous;
                trackers.forEach((name, tracker) -> tracker.sample(afterEvents, name, emulator.now(), Duration.ZERO));
                report(steps, stepListener, previous, elapsed, String.join("; ", applied));
            }

            // 2. Run the fallback rebalancer when its interval has passed.
            if (fallbackRebalancer != null && mode == RebalancerMode.FALLBACK
                    && !emulator.now().isBefore(nextRebalancerRun)) {
                runRebalancer(emulator, rebalancerErrors);
                nextRebalancerRun = nextRebalancerRun.plus(fallbackRebalancer.interval());
            }

            // 3. Advance one tick and measure.
            Duration step = Duration.between(emulator.now(), end).compareTo(tick) < 0
                    ? Duration.between(emulator.now(), end)
                    : tick;
            emulator.advance(step);
            Duration now = Duration.between(start, emulator.now());
            Observation current = observe(emulator, now);
            trackers.forEach((name, tracker) -> tracker.sample(current, name, emulator.now(), step));
            if (!current.tasks().equals(previous.tasks())) {
                report(steps, stepListener, current, now, "tasks changed");
            }
            previous = current;
        }

        List<ServiceOutcome> outcomes = new ArrayList<>();
        for (ScenarioService service : scenario.services()) {
            String name = service.spec().serviceName();
            outcomes.add(trackers.get(name).outcome(name, previous));
        }
        return new SimulationResult(scenario.name(), mode, outcomes, steps, emulator.requestLog().size(),
                rebalancerErrors);
    }

    private void runRebalancer(EcsEmulator emulator, List<String> errors) {
        List<String> serviceNames = scenario.services().stream().map(s -> s.spec().serviceName()).toList();
        RebalancerInvocation invocation = new RebalancerInvocation(emulator.endpoint(), emulator.region(),
                scenario.clusterName(), serviceNames, emulator.clock().asClock(), emulator.now());
        try {
            fallbackRebalancer.run(invocation);
        } catch (Exception e) {
            // The simulation goes on, as the scheduled rebalancer would run again on its next schedule.
            String message = emulator.now() + ": " + e;
            errors.add(message);
            LOG.warn("event=rebalancer_failed virtualTime={} error=\"{}\" hint=\"the next pass runs on schedule\"",
                    emulator.now(), e.toString());
        }
    }

    private void report(List<SimulationStep> steps, Consumer<SimulationStep> listener, Observation observation,
            Duration elapsed, String label) {
        SimulationStep step = new SimulationStep(elapsed, label, observation.tasks(), observation.runningPerZone());
        steps.add(step);
        if (fallbackRebalancer != null && mode == RebalancerMode.FALLBACK) {
            fallbackRebalancer.observeStep(step);
        }
        listener.accept(step);
    }

    /** The state of every service at one instant, read under the control plane's lock. */
    private record Observation(
            Map<String, List<TaskRow>> tasks,
            Map<String, Map<String, Integer>> runningPerZone,
            Map<String, Integer> desiredCounts,
            Map<String, Integer> baselineDesiredCounts,
            Map<String, Integer> tasksHoldingResources,
            Map<String, Boolean> balanced) {
    }

    private Observation observe(EcsEmulator emulator, Duration elapsed) {
        Map<String, Integer> baselines = new LinkedHashMap<>();
        scenario.services().forEach(s -> baselines.put(s.spec().serviceName(), baselineDesiredCount(s, elapsed)));
        ControlPlane controlPlane = emulator.controlPlane();
        return controlPlane.execute(() -> {
            Cluster cluster = controlPlane.cluster(scenario.clusterName());
            Map<String, List<TaskRow>> tasks = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> runningPerZone = new LinkedHashMap<>();
            Map<String, Integer> desiredCounts = new LinkedHashMap<>();
            Map<String, Integer> holding = new LinkedHashMap<>();
            Map<String, Boolean> balanced = new LinkedHashMap<>();
            for (Service service : cluster.services()) {
                List<TaskRow> rows = new ArrayList<>();
                Map<String, Integer> perZone = new TreeMap<>();
                for (ContainerInstance instance : cluster.containerInstances()) {
                    perZone.putIfAbsent(instance.availabilityZone(), 0);
                }
                int holdingResources = 0;
                for (Task task : cluster.tasks()) {
                    if (task.service() != service) {
                        continue;
                    }
                    if (task.containerInstance() != null && task.lastStatus() != TaskStatus.STOPPED) {
                        holdingResources++;
                    }
                    if (task.isActive() && task.lastStatus() == TaskStatus.RUNNING) {
                        rows.add(new TaskRow(task.id(), task.containerInstance().id(), task.availabilityZone()));
                        perZone.merge(task.availabilityZone(), 1, Integer::sum);
                    }
                }
                rows.sort(Comparator.comparing(TaskRow::taskId));
                tasks.put(service.name(), List.copyOf(rows));
                runningPerZone.put(service.name(), perZone);
                desiredCounts.put(service.name(), service.desiredCount());
                holding.put(service.name(), holdingResources);
                int baseline = baselines.getOrDefault(service.name(), service.desiredCount());
                balanced.put(service.name(), AvailabilityZoneBalance.isSettledAndBalanced(service, baseline));
            }
            return new Observation(tasks, runningPerZone, desiredCounts, Map.copyOf(baselines), holding, balanced);
        });
    }

    /**
     * Returns the service's desired count before any rebalance, {@code elapsed} into the run: the
     * scenario's value, or that of its last {@code setDesiredCount} event due by then. The
     * fallback rebalancer's SURGE raises the live desired count, so measuring against the live
     * value would count a surge as balanced before its extra tasks stop.
     */
    private int baselineDesiredCount(ScenarioService service, Duration elapsed) {
        String serviceName = service.spec().serviceName();
        int baseline = service.spec().desiredCount();
        for (TimelineEvent event : scenario.timeline()) {
            if (event.at().compareTo(elapsed) <= 0 && event.action() == TimelineAction.SET_DESIRED_COUNT
                    && serviceName.equals(event.parameters().get("service"))) {
                baseline = Integer.parseInt(event.parameters().get("desiredCount"));
            }
        }
        return baseline;
    }

    /** Accumulates one service's measurements over the ticks. */
    private static final class ServiceTracker {
        private int lowestRunningCount = Integer.MAX_VALUE;
        private double extraTaskMinutes;
        private Instant firstUnbalancedAt;
        private Instant lastBalancedAt;
        private boolean balanced = true;

        void sample(Observation observation, String serviceName, Instant now, Duration sinceLastSample) {
            int running = observation.tasks().get(serviceName).size();
            lowestRunningCount = Math.min(lowestRunningCount, running);

            int extra = observation.tasksHoldingResources().get(serviceName)
                    - observation.baselineDesiredCounts().get(serviceName);
            extraTaskMinutes += Math.max(0, extra) * sinceLastSample.toMillis() / 60_000.0;

            boolean nowBalanced = observation.balanced().get(serviceName);
            if (!nowBalanced && firstUnbalancedAt == null) {
                firstUnbalancedAt = now;
            }
            if (nowBalanced && !balanced) {
                lastBalancedAt = now;
            }
            balanced = nowBalanced;
        }

        ServiceOutcome outcome(String serviceName, Observation last) {
            Duration timeToBalance;
            if (firstUnbalancedAt == null) {
                timeToBalance = Duration.ZERO;
            } else if (!balanced) {
                timeToBalance = null;
            } else {
                timeToBalance = Duration.between(firstUnbalancedAt, lastBalancedAt);
            }
            return new ServiceOutcome(serviceName, last.desiredCounts().get(serviceName), firstUnbalancedAt != null,
                    timeToBalance, extraTaskMinutes, lowestRunningCount, last.runningPerZone().get(serviceName),
                    last.tasks().get(serviceName));
        }
    }
}
