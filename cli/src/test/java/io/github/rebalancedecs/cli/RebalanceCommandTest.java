package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalanceCommandTest {

    private static final Map<String, Integer> SKEWED = Map.of("us-east-1a", 2, "us-east-1c", 1);
    private static final Map<String, Integer> BALANCED = Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1);

    @Test
    void yesRebalancesObservedCase() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("rebalance", "--cluster", "prod", "--service", "web", "--yes");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.out() + run.err());
            assertEquals(BALANCED, testbed.tasksPerAz());
            assertTrue(run.out().contains("d420d2c918d747f6a2cf1a65c8869354  96d493dfb02b4ca1b7d9e872ac0e1fc1  "
                    + "us-east-1a  us-east-1b"), run.out());
            assertTrue(run.out().contains("STARTED  desired count raised from 3 to 4"), run.out());
            assertTrue(run.out().contains("lowered the desired count to 3"), run.out());
            assertTrue(run.out().contains("web: COMPLETED: 1 move(s) completed, skew 2 -> 0"), run.out());
            assertTrue(run.out().contains("Tasks per AZ: us-east-1a=1, us-east-1b=1, us-east-1c=1"), run.out());
            assertFalse(run.out().contains("[y/N]"), run.out());
            for (TaskSnapshot task : testbed.emulator().tasks("prod", "web")) {
                assertNull(task.protectionExpiresAt(), "protection left on " + task);
            }
        }
    }

    @Test
    void jsonReportParsesBack() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("rebalance", "--cluster", "prod", "--yes", "--output", "json");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
            JsonNode report = run.json();
            assertTrue(report.get("rebalanced").asBoolean());
            assertEquals("SURGE", report.get("policy").get("strategy").asText());
            JsonNode web = report.get("services").get(0);
            assertEquals("COMPLETED", web.get("outcome").asText());
            assertTrue(web.get("balanced").asBoolean());
            assertEquals(1, web.get("movesCompleted").asInt());
            assertEquals("us-east-1b", web.get("plan").get("moves").get(0).get("toAvailabilityZone").asText());
            JsonNode steps = web.get("steps");
            assertEquals("STARTED", steps.get(0).get("outcome").asText());
            assertEquals("COMPLETED", steps.get(steps.size() - 1).get("outcome").asText());
            assertEquals(0, web.get("after").get("skew").asInt());
            assertEquals(1, web.get("after").get("tasksPerAz").get("us-east-1b").asInt());
            // Progress goes to standard error, so standard output holds only the document.
            assertTrue(run.err().contains("COMPLETED"), run.err());
        }
    }

    @Test
    void answerYesRebalances() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.runWithInput("yes\n", "rebalance", "--cluster", "prod", "--service", "web");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("Rebalance 1 service(s) in cluster prod now?"), run.out());
            assertTrue(run.out().contains("[y/N] yes\n"), run.out());
            assertEquals(BALANCED, testbed.tasksPerAz());
        }
    }

    @Test
    void answerNoChangesNothing() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.runWithInput("n\n", "rebalance", "--cluster", "prod", "--service", "web");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.out());
            assertTrue(run.out().contains("Rebalance cancelled; nothing changed."), run.out());
            assertEquals(SKEWED, testbed.tasksPerAz());
            assertEquals(List.of(), testbed.mutatingRequests());
        }
    }

    @Test
    void closedInputNeedsYes() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("rebalance", "--cluster", "prod", "--service", "web");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.out());
            assertEquals(List.of("Error: No answer to the confirmation prompt, because standard input is closed: "
                    + "pass --yes to rebalance without asking"), run.errorLines());
            assertEquals(SKEWED, testbed.tasksPerAz());
        }
    }

    @Test
    void balancedServiceNeedsNoConfirmation() {
        try (CliTestbed testbed = CliTestbed.withBalancedService()) {
            CliRun run = testbed.run("rebalance", "--cluster", "prod");

            assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("Nothing to rebalance."), run.out());
            assertTrue(run.out().contains("web: NO_ACTION: BALANCED"), run.out());
        }
    }

    @Test
    void noHeadroomLeavesServiceAndExitsOne() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            // minimumHealthyPercent 100 leaves REPLACE no task it may stop.
            CliRun run = testbed.run("rebalance", "--cluster", "prod", "--strategy", "replace", "--yes");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("web: NO_ACTION: NO_REPLACE_HEADROOM"), run.out());
            assertTrue(run.out().contains("Not every service is balanced"), run.out());
            assertEquals(SKEWED, testbed.tasksPerAz());
            assertEquals(List.of(), testbed.mutatingRequests());
        }
    }

    @Test
    void failedStartsRollBack() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            testbed.emulator().faults().failTaskStarts("us-east-1b");

            CliRun run = testbed.run("rebalance", "--cluster", "prod", "--yes", "--task-start-timeout-minutes", "2",
                    "--output", "json");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.err());
            JsonNode web = run.json().get("services").get(0);
            assertEquals("ROLLED_BACK", web.get("outcome").asText(), run.err());
            assertFalse(web.get("balanced").asBoolean());
            assertEquals(SKEWED, testbed.tasksPerAz());
            assertEquals(3, web.get("after").get("desiredCount").asInt());
        }
    }

    @Test
    void waitTimeoutThenRerunCompletes() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            testbed.emulator().faults().slowTaskStarts("us-east-1b", Duration.ofMinutes(3));

            CliRun first = testbed.run("rebalance", "--cluster", "prod", "--yes", "--wait-timeout-minutes", "1");

            assertEquals(RebalancedEcs.EXIT_ERROR, first.exitCode(), first.out() + first.err());
            assertTrue(first.out().contains("Stopped waiting after 1 minute(s)."), first.out());
            assertTrue(first.out().contains("web: IN_FLIGHT: the operation is still in flight"), first.out());
            assertTrue(first.out().contains("phase SURGING"), first.out());

            CliRun second = testbed.run("rebalance", "--cluster", "prod", "--yes");

            assertEquals(RebalancedEcs.EXIT_OK, second.exitCode(), second.out() + second.err());
            assertTrue(second.out().contains("Reason: OPERATION_IN_FLIGHT"), second.out());
            assertTrue(second.out().contains("web: COMPLETED"), second.out());
            assertEquals(BALANCED, testbed.tasksPerAz());
        }
    }
}
