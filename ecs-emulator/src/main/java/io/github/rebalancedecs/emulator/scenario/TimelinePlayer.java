package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.engine.EcsApiException;
import io.github.rebalancedecs.emulator.engine.ServiceUpdate;
import io.github.rebalancedecs.emulator.scenario.Scenario.InitialTask;
import io.github.rebalancedecs.emulator.scenario.Scenario.ScenarioService;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Sets a scenario's starting state up on an emulator and applies its timeline events as virtual
 * time passes. The scenario runner, the {@code serve} command and the tests of other modules
 * share it, so each recorded case exists once, in its scenario file.
 */
public final class TimelinePlayer {

    private static final BiConsumer<Duration, String> NO_LISTENER = (elapsed, description) -> {
    };

    private final Scenario scenario;
    private Instant setUpAt;
    private int nextEvent;

    public TimelinePlayer(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * Loads a scenario file, or a shipped scenario by name, and sets its starting state up on
     * the emulator, as {@link #setUp(EcsEmulator, boolean)} does. No timeline event is applied
     * yet, so call {@link #playUntil} to reach a later moment.
     *
     * <p>The emulator keeps its own settings (seed, Region, task timings), because a running
     * emulator cannot change them. Start it with {@link Scenario#settings()} when they matter.
     *
     * <pre>{@code
     * // Observed case 2 one minute in (tasks us-east-1a=2, us-east-1b=0, us-east-1c=1), with
     * // native rebalancing off, minimumHealthyPercent 50 and maximumPercent 100.
     * TimelinePlayer.setUpScenario(emulator, "observed-case-2",
     *         new ServiceUpdate(null, false, null, null, 50, 100)).playUntil(emulator, Duration.ofMinutes(1));
     * }</pre>
     *
     * @param scenarioFileOrName a scenario file in YAML or JSON, or the name of a shipped
     *                           scenario such as {@code observed-case-2}
     * @param serviceUpdate      the change to every service right after it is created, applied as
     *                           an UpdateService request would be but without an entry in the
     *                           request log. A {@code null} field keeps the scenario's value, and a
     *                           {@code null} update keeps every service as the scenario configures it.
     * @return the player of the scenario's timeline
     * @throws IOException              when the scenario file cannot be read
     * @throws IllegalArgumentException when no file or shipped scenario has that name, the
     *                                  scenario is invalid, or ECS would reject the update
     */
    public static TimelinePlayer setUpScenario(EcsEmulator emulator, String scenarioFileOrName,
            ServiceUpdate serviceUpdate) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        TimelinePlayer player = new TimelinePlayer(ScenarioLoader.load(scenarioFileOrName));
        player.createStartingState(emulator, serviceUpdate);
        return player;
    }

    /**
     * Creates the cluster unless it exists, registers the instances, creates the services with
     * their starting tasks, and queues the task IDs the scenario gives to the scheduler's next
     * tasks.
     *
     * @param nativeRebalancing the services' availabilityZoneRebalancing setting
     */
    public void setUp(EcsEmulator emulator, boolean nativeRebalancing) {
        createStartingState(emulator, new ServiceUpdate(null, nativeRebalancing, null, null, null, null));
    }

    /**
     * Applies every event due at or before {@code elapsed} that was not applied yet. The virtual
     * clock does not move, so the caller advances it.
     *
     * @return the descriptions of the applied events, in timeline order
     */
    public List<String> applyDue(EcsEmulator emulator, Duration elapsed) {
        return applyDue(emulator, elapsed, NO_LISTENER);
    }

    /**
     * Advances the virtual clock one tick at a time until {@code elapsed} after the set-up and
     * applies each timeline event when its time comes. The scheduler therefore reacts to one
     * event before the next, as ECS did in the recorded case: in observed case 1, the task of the
     * stopped us-east-1a instance restarts in us-east-1b before the new us-east-1a instance joins.
     *
     * @return the descriptions of the applied events, in timeline order
     * @throws IllegalStateException    when the scenario was not set up on an emulator yet
     * @throws IllegalArgumentException when the clock is already past {@code elapsed}
     */
    public List<String> playUntil(EcsEmulator emulator, Duration elapsed) {
        return playUntil(emulator, elapsed, NO_LISTENER);
    }

    /**
     * Plays the timeline as {@link #playUntil(EcsEmulator, Duration)} does, and passes each
     * event to {@code eventListener} as soon as it is applied, with the virtual time since the
     * set-up at that moment, so that a caller can print events as they happen.
     *
     * @param eventListener receives the virtual time since the set-up and the event's description
     * @return the descriptions of the applied events, in timeline order
     * @throws IllegalStateException    when the scenario was not set up on an emulator yet
     * @throws IllegalArgumentException when the clock is already past {@code elapsed}
     */
    public List<String> playUntil(EcsEmulator emulator, Duration elapsed,
            BiConsumer<Duration, String> eventListener) {
        Objects.requireNonNull(eventListener, "eventListener");
        Duration alreadyElapsed = elapsed(emulator);
        if (alreadyElapsed.compareTo(elapsed) > 0) {
            throw new IllegalArgumentException("elapsed must not be before the virtual time since the set-up, got "
                    + elapsed + " while " + alreadyElapsed + " have passed");
        }

        Instant end = setUpAt.plus(elapsed);
        Duration tick = emulator.settings().tickInterval();
        List<String> applied = new ArrayList<>(applyDue(emulator, alreadyElapsed, eventListener));
        while (emulator.now().isBefore(end)) {
            Duration remaining = Duration.between(emulator.now(), end);
            emulator.advance(remaining.compareTo(tick) < 0 ? remaining : tick);
            applied.addAll(applyDue(emulator, elapsed(emulator), eventListener));
        }
        return applied;
    }

    /**
     * Returns the virtual time since the set-up.
     *
     * @throws IllegalStateException when the scenario was not set up on an emulator yet
     */
    public Duration elapsed(EcsEmulator emulator) {
        if (setUpAt == null) {
            throw new IllegalStateException("Scenario " + scenario.name() + " is not set up yet: call setUp or "
                    + "setUpScenario before playUntil");
        }
        return Duration.between(setUpAt, emulator.now());
    }

    private List<String> applyDue(EcsEmulator emulator, Duration elapsed, BiConsumer<Duration, String> eventListener) {
        List<String> applied = new ArrayList<>();
        while (nextEvent < scenario.timeline().size()
                && scenario.timeline().get(nextEvent).at().compareTo(elapsed) <= 0) {
            TimelineEvent event = scenario.timeline().get(nextEvent++);
            event.action().apply(emulator, scenario.clusterName(), event.parameters());
            applied.add(event.describe());
            eventListener.accept(elapsed, event.describe());
        }
        return applied;
    }

    private void createStartingState(EcsEmulator emulator, ServiceUpdate serviceUpdate) {
        String cluster = scenario.clusterName();
        // CreateCluster returns an existing cluster of the same name, so a testbed may create it first.
        if (!emulator.clusterNames().contains(cluster)) {
            emulator.createCluster(cluster);
        }
        scenario.containerInstances().forEach(spec -> emulator.registerContainerInstance(cluster, spec));

        List<String> nextTaskIds = new ArrayList<>();
        for (ScenarioService service : scenario.services()) {
            String serviceName = service.spec().serviceName();
            emulator.createService(cluster, service.spec());
            if (serviceUpdate != null) {
                update(emulator, serviceName, serviceUpdate);
            }
            for (InitialTask task : service.initialTasks()) {
                emulator.placeRunningTask(cluster, serviceName, task.containerInstanceId(), task.taskId());
            }
            nextTaskIds.addAll(service.nextTaskIds());
        }
        emulator.queueTaskIds(nextTaskIds);
        setUpAt = emulator.now();
    }

    private void update(EcsEmulator emulator, String serviceName, ServiceUpdate serviceUpdate) {
        try {
            TimelineAction.updateService(emulator, scenario.clusterName(), serviceName, serviceUpdate);
        } catch (EcsApiException e) {
            throw new IllegalArgumentException("Invalid update of service " + serviceName + " in scenario "
                    + scenario.name() + ": " + e.getMessage(), e);
        }
    }
}
