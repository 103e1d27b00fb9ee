package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    @Test
    void fallbackRebalancerBalancesObservedCase() {
        CliRun run = CliTestbed.runDetached("simulate", "--scenario", "observed-case-2", "--rebalancer", "fallback",
                "--summary-only");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("# Scenario observed-case-2 (rebalancer: fallback)"), run.out());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| web |")).findFirst().orElseThrow();
        assertTrue(summaryRow.endsWith("| us-east-1a=1, us-east-1b=1, us-east-1c=1 |"), summaryRow);
        assertFalse(summaryRow.contains("not balanced at the end"), summaryRow);
        assertFalse(run.out().contains("Fallback rebalancer passes that failed"), run.out());
    }

    @Test
    void fallbackReportsSurgeUntilItEnds() {
        CliRun run = CliTestbed.runDetached("simulate", "--scenario", "observed-case-1", "--rebalancer", "fallback");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        // The step table balances at +00:10:51, 51 s after the new instance joined, once the
        // surge's extra task has stopped and the desired count is 3 again.
        assertTrue(run.out().contains("## +00:10:51 tasks changed"), run.out());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| web |")).findFirst().orElseThrow();
        assertTrue(summaryRow.contains("| 0m 51s |"), summaryRow);
    }

    @Test
    void fallbackReplacesAtMaximumPercentHundred() throws URISyntaxException {
        String scenario = Path.of(SimulateCommandTest.class.getResource("/scenarios/host-port-max-percent-100.yaml")
                .toURI()).toString();

        CliRun run = CliTestbed.runDetached("simulate", "--scenario", scenario, "--rebalancer", "fallback",
                "--summary-only");

        // As the construct deploys it for maximumPercent 100: REPLACE, never a fifth task.
        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| edge |")).findFirst().orElseThrow();
        assertTrue(summaryRow.endsWith("| us-east-1a=2, us-east-1b=1, us-east-1c=1 |")
                || summaryRow.endsWith("| us-east-1a=1, us-east-1b=2, us-east-1c=1 |")
                || summaryRow.endsWith("| us-east-1a=1, us-east-1b=1, us-east-1c=2 |"), summaryRow);
        assertFalse(summaryRow.contains("not balanced at the end"), summaryRow);
    }

    @Test
    void withoutRebalancerSkewStays() {
        CliRun run = CliTestbed.runDetached("simulate", "--scenario", "observed-case-2", "--rebalancer", "none",
                "--summary-only");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| web |")).findFirst().orElseThrow();
        assertTrue(summaryRow.contains("not balanced at the end"), summaryRow);
    }

    @Test
    void unknownScenarioExitsTwo() {
        CliRun run = CliTestbed.runDetached("simulate", "--scenario", "no-such-scenario");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no-such-scenario"), run.err());
    }
}
