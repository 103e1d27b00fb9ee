package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCommandTest {

    @Test
    void skewedServiceShowsMoveAndChangesNothing() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("plan", "--cluster", "prod", "--service", "web");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("Service web: 1 move(s) with the SURGE strategy"), run.out());
            assertTrue(run.out().contains("Tasks per AZ: us-east-1a=2, us-east-1b=0, us-east-1c=1 (skew 2)"),
                    run.out());
            assertTrue(run.out().contains("After moves:  us-east-1a=1, us-east-1b=1, us-east-1c=1 (skew 0)"),
                    run.out());
            assertTrue(run.out().contains("d420d2c918d747f6a2cf1a65c8869354  96d493dfb02b4ca1b7d9e872ac0e1fc1  "
                    + "us-east-1a  us-east-1b"), run.out());
            assertEquals(Map.of("us-east-1a", 2, "us-east-1c", 1), testbed.tasksPerAz());
            assertEquals(List.of(), testbed.mutatingRequests());
        }
    }

    @Test
    void skewedServiceJsonParsesBack() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("plan", "--cluster", "prod", "--output", "json", "--max-surge", "1");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            JsonNode report = run.json();
            assertEquals(1, report.get("policy").get("maxSurge").asInt());
            assertTrue(report.get("policy").get("maxMovesPerRun").isNull(), "no cap of its own");
            assertEquals("PT1M", report.get("policy").get("cooldown").asText());
            JsonNode web = report.get("services").get(0);
            assertEquals("SKEWED", web.get("reason").asText());
            assertEquals(2, web.get("skew").asInt());
            assertEquals(0, web.get("skewAfterMoves").asInt());
            assertEquals(1, web.get("tasksPerAzAfterMoves").get("us-east-1b").asInt());
            JsonNode move = web.get("moves").get(0);
            assertEquals("d420d2c918d747f6a2cf1a65c8869354", move.get("taskId").asText());
            assertEquals("96d493dfb02b4ca1b7d9e872ac0e1fc1", move.get("containerInstanceId").asText());
            assertEquals("us-east-1a", move.get("fromAvailabilityZone").asText());
            assertEquals("us-east-1b", move.get("toAvailabilityZone").asText());
        }
    }

    @Test
    void replaceWithoutHeadroomGivesReason() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("plan", "--cluster", "prod", "--strategy", "REPLACE");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("Service web: no moves"), run.out());
            assertTrue(run.out().contains("Reason: NO_REPLACE_HEADROOM: stopping one task would go below "
                    + "minimumHealthyPercent (desired count 3, minimumHealthyPercent 100, maximumPercent 200)"),
                    run.out());
        }
    }

    @Test
    void cooldownAfterRebalanceHoldsPlan() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            assertEquals(RebalancedEcs.EXIT_OK, testbed.run("rebalance", "--cluster", "prod", "--yes").exitCode());
            // Skew the service again: the us-east-1b instance stops, ECS restarts its task in another
            // zone, and a new us-east-1b instance joins afterwards.
            testbed.emulator().stopContainerInstance("prod", "fbd9e4f75ffa486ca31a523610e45572");
            testbed.emulator().advance(Duration.ofMinutes(1));
            testbed.emulator().registerContainerInstance("prod", "us-east-1b");

            CliRun inCooldown = testbed.run("plan", "--cluster", "prod", "--output", "json", "--cooldown-minutes", "10");
            CliRun cooldownIgnored = testbed.run("plan", "--cluster", "prod", "--output", "json", "--cooldown-minutes", "0");

            assertEquals("COOLDOWN", inCooldown.json().get("services").get(0).get("reason").asText(),
                    inCooldown.out());
            assertEquals("SKEWED", cooldownIgnored.json().get("services").get(0).get("reason").asText(),
                    cooldownIgnored.out());
        }
    }
}
