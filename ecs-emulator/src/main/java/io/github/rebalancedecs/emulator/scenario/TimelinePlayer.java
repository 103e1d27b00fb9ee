package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.scenario.Scenario.InitialTask;
import io.github.rebalancedecs.emulator.scenario.Scenario.ScenarioService;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a scenario's starting state up on an emulator and applies its timeline events as virtual
 * time passes. The scenario runner and the {@code serve} command share it.
 */
public final class TimelinePlayer {

    private final Scenario scenario;
    private int nextEvent;

    public TimelinePlayer(Scenario scenario) {
        this.scenario = scenario;
    }

    /**
     * Creates the cluster, registers the instances, creates the services with their starting
     * tasks, and queues the task IDs the scenario gives to the scheduler's next tasks.
     *
     * @param nativeRebalancing the services' availabilityZoneRebalancing setting
     */
    public void setUp(EcsEmulator emulator, boolean nativeRebalancing) {
        String cluster = scenario.clusterName();
        emulator.createCluster(cluster);
        scenario.containerInstances().forEach(spec -> emulator.registerContainerInstance(cluster, spec));
        List<String> nextTaskIds = new ArrayList<>();
        for (ScenarioService service : scenario.services()) {
            emulator.createService(cluster, withRebalancing(service.spec(), nativeRebalancing));
            for (InitialTask task : service.initialTasks()) {
                emulator.placeRunningTask(cluster, service.spec().serviceName(), task.containerInstanceId(),
                        task.taskId());
            }
            nextTaskIds.addAll(service.nextTaskIds());
        }
        emulator.queueTaskIds(nextTaskIds);
    }

    /**
     * Applies every event due at or before {@code elapsed} that was not applied yet.
     *
     * @return the descriptions of the applied events, in timeline order
     */
    public List<String> applyDue(EcsEmulator emulator, Duration elapsed) {
        List<String> applied = new ArrayList<>();
        while (nextEvent < scenario.timeline().size()
                && scenario.timeline().get(nextEvent).at().compareTo(elapsed) <= 0) {
            TimelineEvent event = scenario.timeline().get(nextEvent++);
            event.action().apply(emulator, scenario.clusterName(), event.parameters());
            applied.add(event.describe());
        }
        return applied;
    }

    private static ServiceSpec withRebalancing(ServiceSpec spec, boolean nativeRebalancing) {
        return new ServiceSpec(spec.serviceName(), spec.taskDefinitionFamily(), spec.taskCpu(), spec.taskMemory(),
                spec.hostPorts(), spec.desiredCount(), spec.placementStrategies(), spec.placementConstraints(),
                spec.minimumHealthyPercent(), spec.maximumPercent(), spec.daemon(), nativeRebalancing,
                spec.classicLoadBalancerName(), spec.tags());
    }
}
