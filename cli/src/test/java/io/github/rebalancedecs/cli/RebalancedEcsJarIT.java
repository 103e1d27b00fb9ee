package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar and the launcher script in child processes with an environment the test
 * controls. These runs show what an in-process run cannot: the manifest, profiles read from the
 * AWS config files, and the default chains finding no credentials or no Region.
 */
class RebalancedEcsJarIT {

    private static final Path JAR = Path.of(System.getProperty("cli.jar", "target/rebalanced-ecs.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("cli.launcher", "../bin/rebalanced-ecs"));

    @TempDir
    Path home;

    /** The exit code and output of a child process. */
    private record ProcessRun(int exitCode, String out, String err) {
    }

    @Test
    void jarPrintsVersion() throws Exception {
        ProcessRun run = java(Map.of(), "--version");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("rebalanced-ecs 0.1.0"), run.out());
    }

    @Test
    void launcherRunsJar() throws Exception {
        ProcessRun run = run(Map.of(), List.of("sh", LAUNCHER.toString(), "--help"));

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: rebalanced-ecs"), run.out());
    }

    @Test
    void jarSimulatesFallbackRebalancer() throws Exception {
        // The simulated rebalancer runs the runtime's Lambda handler, so the jar must carry the
        // Lambda context classes that a plain CLI command never loads.
        ProcessRun run = java(Map.of(), "simulate", "--scenario", "observed-case-3", "--rebalancer", "fallback",
                "--summary-only");

        assertEquals(RebalancedEcs.EXIT_OK, run.exitCode(), run.err());
        String summaryRow = run.out().lines().filter(line -> line.startsWith("| web |")).findFirst().orElseThrow();
        assertTrue(summaryRow.endsWith("| us-east-1a=1, us-east-1b=1, us-east-1c=1 |"), summaryRow);
        assertFalse(run.out().contains("Fallback rebalancer passes that failed"), run.out());
    }

    @Test
    void profileGivesCredentialsAndRegion() throws Exception {
        Path config = Files.writeString(home.resolve("config"), "[profile ops]\nregion = us-east-1\n");
        Path credentials = Files.writeString(home.resolve("credentials"),
                "[ops]\naws_access_key_id = test\naws_secret_access_key = test\n");
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            ProcessRun run = java(Map.of("AWS_CONFIG_FILE", config.toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
                    "status", "--cluster", "prod", "--profile", "ops",
                    "--endpoint-url", testbed.emulator().endpoint().toString());

            assertEquals(RebalancedEcs.EXIT_SKEWED, run.exitCode(), run.err());
            assertTrue(run.out().contains("Tasks per AZ: us-east-1a=2, us-east-1b=0, us-east-1c=1"), run.out());
        }
    }

    @Test
    void noCredentialsExitsOne() throws Exception {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            ProcessRun run = java(Map.of(), "status", "--cluster", "prod", "--region", "us-east-1",
                    "--endpoint-url", testbed.emulator().endpoint().toString());

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.err());
            assertEquals("Error: No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass "
                    + "--profile NAME, or run where a container or instance role provides them", run.err().strip());
            assertEquals(0, testbed.emulator().requestLog().size());
        }
    }

    @Test
    void noRegionExitsOne() throws Exception {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            ProcessRun run = java(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
                    "status", "--cluster", "prod", "--endpoint-url", testbed.emulator().endpoint().toString());

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode(), run.err());
            assertEquals("Error: No AWS Region is set: pass --region, set AWS_REGION, or set region in the profile "
                    + "in ~/.aws/config", run.err().strip());
        }
    }

    private ProcessRun java(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(environment, command);
    }

    /**
     * Runs a command with only PATH, a temporary HOME, no instance metadata, AWS files that do not
     * exist unless {@code environment} names others, and the given variables.
     */
    private ProcessRun run(Map<String, String> environment, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve("missing-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("missing-credentials").toString());
        env.putAll(environment);
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new ProcessRun(process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
