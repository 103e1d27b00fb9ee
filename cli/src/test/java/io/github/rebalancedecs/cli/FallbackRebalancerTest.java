package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.emulator.scenario.Scenario;
import io.github.rebalancedecs.emulator.scenario.Scenario.TimelineEvent;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import io.github.rebalancedecs.emulator.scenario.ScenarioRunner;
import io.github.rebalancedecs.emulator.scenario.ServiceOutcome;
import io.github.rebalancedecs.emulator.scenario.SimulationResult;
import io.github.rebalancedecs.emulator.scenario.SimulationStep;
import io.github.rebalancedecs.emulator.scenario.TimelineAction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackRebalancerTest {

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @Test
    void instanceJoiningTriggersRebalance() throws IOException {
        // Observed case 1 with the new us-east-1a instance at +00:07:00, between two scheduled
        // passes (+00:05:00 and +00:10:00), so only the container instance event can start the
        // rebalance before +00:10:00.
        Scenario scenario = withRegistrationAt(ScenarioLoader.load("observed-case-1"), Duration.ofMinutes(7));

        SimulationResult result;
        try (FallbackRebalancer rebalancer = new FallbackRebalancer()) {
            result = new ScenarioRunner(scenario, RebalancerMode.FALLBACK, rebalancer).run(step -> { });
        }

        ServiceOutcome web = result.service("web");
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), web.finalTasksPerZone());
        SimulationStep surge = result.steps().stream()
                .filter(step -> step.tasks().get("web").size() == 4)
                .findFirst()
                .orElseThrow();
        assertTrue(surge.elapsed().compareTo(Duration.ofMinutes(8)) < 0, surge.elapsed().toString());
        assertTrue(web.timeToBalance().compareTo(Duration.ofMinutes(3)) < 0, web.timeToBalance().toString());
        assertTrue(result.rebalancerErrors().isEmpty(), result.rebalancerErrors().toString());
    }

    @Test
    void simulateReportsSurgeUntilItEnds() {
        CliRun run = CliTestbed.runDetached("simulate", "--scenario", "observed-case-1", "--rebalancer", "fallback");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        // The step table balances at +00:10:51, 51 s after the new instance joined, once the
        // surge's extra task has stopped and the desired count is 3 again.
        assertTrue(run.out().contains("## +00:10:51 tasks changed"), run.out());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| web |")).findFirst().orElseThrow();
        assertTrue(summaryRow.contains("| 0m 51s |"), summaryRow);
    }

    private static Scenario withRegistrationAt(Scenario scenario, Duration at) {
        List<TimelineEvent> timeline = scenario.timeline().stream()
                .map(event -> event.action() == TimelineAction.REGISTER_CONTAINER_INSTANCE
                        ? new TimelineEvent(at, event.action(), event.parameters())
                        : event)
                .toList();
        return new Scenario(scenario.name(), scenario.description(), scenario.settings(), scenario.clusterName(),
                scenario.duration(), scenario.containerInstances(), scenario.services(), timeline);
    }
}
