package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.ServiceSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A what-if simulation: one cluster with its container instances and services, the tasks they
 * start with, and a timeline of events on the virtual clock. {@link ScenarioLoader} reads it
 * from YAML or JSON.
 *
 * @param name               a short name, printed in the output
 * @param description        what the scenario shows
 * @param settings           the emulator settings (seed, timings, detection delay)
 * @param clusterName        the cluster's name
 * @param duration           how much virtual time the simulation covers
 * @param containerInstances the instances registered before the first tick, in order
 * @param services           the services and their initial tasks
 * @param timeline           the events, sorted by time
 */
public record Scenario(
        String name,
        String description,
        EmulatorSettings settings,
        String clusterName,
        Duration duration,
        List<ContainerInstanceSpec> containerInstances,
        List<ScenarioService> services,
        List<TimelineEvent> timeline) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(duration, "duration");
        containerInstances = List.copyOf(containerInstances);
        services = List.copyOf(services);
        timeline = timeline.stream().sorted((a, b) -> a.at().compareTo(b.at())).toList();
        for (TimelineEvent event : timeline) {
            if (event.at().compareTo(duration) >= 0) {
                throw new IllegalArgumentException("Timeline event " + event.describe() + " at " + event.at()
                        + " is not before the end of the scenario (duration " + duration + "); raise duration");
            }
        }
    }

    /**
     * A service of the scenario.
     *
     * @param spec         the service's configuration; the simulation's rebalancer mode decides
     *                     its availabilityZoneRebalancing
     * @param initialTasks tasks already RUNNING at the start, and HEALTHY when the service's task
     *                     definition defines a health check, as task ID (or {@code null} to draw
     *                     one) to container instance ID
     * @param nextTaskIds  IDs given, in order, to the tasks the scheduler starts, so the output can
     *                     match a recorded case
     */
    public record ScenarioService(ServiceSpec spec, List<InitialTask> initialTasks, List<String> nextTaskIds) {

        public ScenarioService {
            Objects.requireNonNull(spec, "spec");
            initialTasks = List.copyOf(initialTasks);
            nextTaskIds = List.copyOf(nextTaskIds);
        }
    }

    /**
     * A task that runs when the simulation starts.
     *
     * @param taskId              the 32-character task ID, or {@code null} to draw one
     * @param containerInstanceId the container instance that runs it
     */
    public record InitialTask(String taskId, String containerInstanceId) {

        public InitialTask {
            Objects.requireNonNull(containerInstanceId, "containerInstanceId");
        }
    }

    /**
     * One event of the timeline.
     *
     * @param at         the virtual time since the start
     * @param action     what happens
     * @param parameters the action's parameters, already validated, as strings
     */
    public record TimelineEvent(Duration at, TimelineAction action, Map<String, String> parameters) {

        public TimelineEvent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(action, "action");
            parameters = Map.copyOf(parameters);
        }

        /** Returns a one-line description for the output, for example {@code stopContainerInstance fd0f...}. */
        public String describe() {
            StringBuilder text = new StringBuilder(action.yamlName());
            parameters.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> text.append(' ').append(entry.getKey()).append('=').append(entry.getValue()));
            return text.toString();
        }
    }
}
