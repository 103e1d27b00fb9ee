package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.Scenario.InitialTask;
import io.github.rebalancedecs.emulator.scenario.Scenario.ScenarioService;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.TimelineAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scenarios of the time-to-balance benchmark: the three observed cases that ship with the
 * emulator, a 300-task service over 6 Availability Zones, and variants of them.
 */
public final class BalanceScenarios {

    /** The timeline actions after which capacity is back in the zone that lost it. */
    static final Set<TimelineAction> CAPACITY_RETURNS = Set.of(TimelineAction.REGISTER_CONTAINER_INSTANCE,
            TimelineAction.ACTIVATE_CONTAINER_INSTANCE, TimelineAction.RESTORE_AVAILABILITY_ZONE);

    /** The Availability Zone that the 300-task scenario fails and restores. */
    static final String FAILED_ZONE = "us-east-1f";

    private static final List<String> SIX_ZONES =
            List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");

    private BalanceScenarios() {
    }

    /** Loads a scenario shipped with the emulator, such as {@code observed-case-1}. */
    public static Scenario observedCase(String name) {
        try {
            return ScenarioLoader.load(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to load the shipped scenario " + name, e);
        }
    }

    /**
     * Builds a service of 300 tasks, 50 in each of 6 Availability Zones, on two container
     * instances of 32 tasks each per zone. At 2 minutes {@value #FAILED_ZONE} fails and its 50
     * tasks restart in the other zones (60 each); at 10 minutes the zone is restored.
     *
     * @param duration the virtual time the simulation covers
     */
    public static Scenario largeService(Duration duration) {
        List<ContainerInstanceSpec> instances = new ArrayList<>();
        List<InitialTask> tasks = new ArrayList<>();
        int instanceNumber = 0;
        for (String zone : SIX_ZONES) {
            for (int index = 0; index < 2; index++) {
                instanceNumber++;
                String id = "%032x".formatted(instanceNumber);
                instances.add(ContainerInstanceSpec.builder()
                        .containerInstanceId(id)
                        .availabilityZone(zone)
                        .cpu(8192)
                        .memory(16384)
                        .build());
                for (int task = 0; task < 25; task++) {
                    tasks.add(new InitialTask(null, id));
                }
            }
        }
        ServiceSpec service = ServiceSpec.builder()
                .serviceName("web")
                .desiredCount(tasks.size())
                .taskCpu(256)
                .taskMemory(512)
                .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones(),
                        PlacementStrategy.spreadAcrossInstances()))
                .minimumHealthyPercent(100)
                .maximumPercent(200)
                .build();
        List<TimelineEvent> timeline = List.of(
                new TimelineEvent(Duration.ofMinutes(2), TimelineAction.FAIL_AVAILABILITY_ZONE,
                        Map.of("availabilityZone", FAILED_ZONE)),
                new TimelineEvent(Duration.ofMinutes(10), TimelineAction.RESTORE_AVAILABILITY_ZONE,
                        Map.of("availabilityZone", FAILED_ZONE)));
        EmulatorSettings settings = observedCase("observed-case-1").settings();
        return new Scenario("300 tasks, 6 AZs", "An Availability Zone of a 300-task service fails and returns.",
                settings, "prod", duration, instances, List.of(new ScenarioService(service, tasks, List.of())),
                timeline);
    }

    /** Returns the scenario with another seed for every random choice of the emulator. */
    public static Scenario withSeed(Scenario scenario, long seed) {
        return new Scenario(scenario.name(), scenario.description(), scenario.settings().withSeed(seed),
                scenario.clusterName(), scenario.duration(), scenario.containerInstances(), scenario.services(),
                scenario.timeline());
    }

    /**
     * Returns the scenario with the deployment limits of every service changed, such as
     * minimum healthy percent 50 and maximum percent 100 for a service that may never run more
     * tasks than desired.
     */
    public static Scenario withDeploymentLimits(Scenario scenario, int minimumHealthyPercent, int maximumPercent) {
        List<ScenarioService> services = new ArrayList<>();
        for (ScenarioService service : scenario.services()) {
            ServiceSpec spec = service.spec();
            ServiceSpec.Builder builder = ServiceSpec.builder()
                    .serviceName(spec.serviceName())
                    .taskDefinitionFamily(spec.taskDefinitionFamily())
                    .taskCpu(spec.taskCpu())
                    .taskMemory(spec.taskMemory())
                    .hostPorts(spec.hostPorts())
                    .taskHealthCheck(spec.taskHealthCheck())
                    .desiredCount(spec.desiredCount())
                    .placementStrategies(spec.placementStrategies())
                    .placementConstraints(spec.placementConstraints())
                    .minimumHealthyPercent(minimumHealthyPercent)
                    .maximumPercent(maximumPercent)
                    .daemon(spec.daemon())
                    .availabilityZoneRebalancing(spec.availabilityZoneRebalancing())
                    .classicLoadBalancerName(spec.classicLoadBalancerName());
            spec.tags().forEach(builder::tag);
            services.add(new ScenarioService(builder.build(), service.initialTasks(), service.nextTaskIds()));
        }
        return new Scenario(scenario.name(), scenario.description(), scenario.settings(), scenario.clusterName(),
                scenario.duration(), scenario.containerInstances(), services, scenario.timeline());
    }

    /**
     * Returns the virtual time of the last timeline event that brings capacity back: a
     * registered or re-activated container instance, or a restored zone.
     *
     * @throws IllegalArgumentException when the timeline has no such event
     */
    public static Duration capacityReturnedAt(Scenario scenario) {
        return scenario.timeline().stream()
                .filter(event -> CAPACITY_RETURNS.contains(event.action()))
                .map(TimelineEvent::at)
                .max(Duration::compareTo)
                .orElseThrow(() -> new IllegalArgumentException("Scenario " + scenario.name()
                        + " has no timeline event that brings capacity back; expected one of " + CAPACITY_RETURNS));
    }
}
