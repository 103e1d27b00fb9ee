package io.github.rebalancedecs.emulator.cli;

import io.github.rebalancedecs.emulator.scenario.SimulatedRebalancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void nativePrintsStepsTableAndSummary() {
        int exitCode = execute(new SimulateCommand(), "--scenario", "observed-case-2", "--rebalancer", "native");

        assertEquals(0, exitCode, err.toString());
        String output = out.toString();
        assertTrue(output.contains("# Scenario observed-case-2 (rebalancer: native)"), output);
        assertTrue(output.contains("| Task ID | Container instance ID | AZ |"), output);
        assertTrue(output.contains("| 6c9096df62cb47058713acd2273d27ef | fbd9e4f75ffa486ca31a523610e45572 | us-east-1b |"),
                output);
        assertTrue(output.contains("Tasks per AZ: us-east-1a=2, us-east-1b=0, us-east-1c=1"), output);
        assertTrue(output.contains("## +00:01:00 registerContainerInstance"), output);
        assertTrue(output.contains("| web | 3 | 20m 46s | 0.9 | 3 | us-east-1a=1, us-east-1b=1, us-east-1c=1 |"),
                output);
    }

    @Test
    void noneReportsSkewAtEnd() {
        int exitCode = execute(new SimulateCommand(), "--scenario", "observed-case-3", "--rebalancer", "none",
                "--summary-only");

        assertEquals(0, exitCode, err.toString());
        assertTrue(out.toString().contains("not balanced at the end"), out.toString());
        assertFalse(out.toString().contains("| Task ID |"), out.toString());
    }

    @Test
    void fallbackWithoutRebalancerIsUnavailable() {
        int exitCode = execute(new SimulateCommand(), "--scenario", "observed-case-1", "--rebalancer", "fallback");

        assertEquals(SimulateCommand.EXIT_FALLBACK_UNAVAILABLE, exitCode);
        assertTrue(err.toString().contains("The fallback rebalancer is not available"), err.toString());
        assertTrue(out.toString().isEmpty(), out.toString());
    }

    @Test
    void fallbackRunsPluggedRebalancer() {
        AtomicInteger passes = new AtomicInteger();
        SimulatedRebalancer rebalancer = invocation -> passes.incrementAndGet();

        int exitCode = execute(new SimulateCommand(rebalancer), "--scenario", "observed-case-2",
                "--rebalancer", "fallback", "--summary-only");

        assertEquals(0, exitCode, err.toString());
        assertEquals(6, passes.get());
        assertTrue(out.toString().contains("## Summary (rebalancer: fallback)"), out.toString());
    }

    @Test
    void invalidRebalancerIsAnInputError() {
        int exitCode = execute(new SimulateCommand(), "--scenario", "observed-case-1", "--rebalancer", "magic");

        assertEquals(SimulateCommand.EXIT_INVALID_INPUT, exitCode);
        assertTrue(err.toString().contains("rebalancer must be native, fallback or none, got 'magic'"), err.toString());
    }

    @Test
    void invalidScenarioFileIsAnInputError(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("bad.yaml");
        Files.writeString(file, "name: bad\nduration: 10m\n");

        int exitCode = execute(new SimulateCommand(), "--scenario", file.toString());

        assertEquals(SimulateCommand.EXIT_INVALID_INPUT, exitCode);
        assertTrue(err.toString().contains("containerInstances must list at least one container instance"),
                err.toString());
    }

    @Test
    void missingScenarioOptionIsAUsageError() {
        int exitCode = execute(new SimulateCommand());

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("Missing required option: '--scenario=FILE|NAME'"), err.toString());
    }

    @Test
    void seedOptionKeepsOutcome() {
        int exitCode = execute(new SimulateCommand(), "--scenario", "observed-case-1", "--seed", "99", "--summary-only");

        assertEquals(0, exitCode, err.toString());
        assertTrue(out.toString().contains("us-east-1a=1, us-east-1b=1, us-east-1c=1"), out.toString());
    }

    private int execute(SimulateCommand command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
