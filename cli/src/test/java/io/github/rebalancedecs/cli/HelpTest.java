package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        CliRun run = CliTestbed.runDetached("--help");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode());
        for (String command : new String[] {"status", "plan", "rebalance", "simulate"}) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " missing from\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("3   status found a skewed service"), run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan", "rebalance"})
    void commandHelpListsConnectionOptionsAndExitCodes(String command) {
        CliRun run = CliTestbed.runDetached(command, "--help");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode());
        for (String option : new String[] {"--region", "--profile", "--endpoint-url", "--output", "--cluster",
            "--service"}) {
            assertTrue(run.out().contains(option), option + " missing from\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("2   invalid command line"), run.out());
    }

    @Test
    void versionNamesTool() {
        CliRun run = CliTestbed.runDetached("--version");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode());
        assertTrue(run.out().startsWith("rebalanced-ecs 0.1.0"), run.out());
    }
}
