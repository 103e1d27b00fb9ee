package io.github.rebalancedecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.cli.CliTestbed.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorHandlingTest {

    @Test
    void missingClusterNamesClusterAndFix() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            CliRun run = testbed.run("status", "--cluster", "nope");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode());
            assertEquals(List.of("Error: Cluster 'nope' not found in Region us-east-1: check --cluster and --region "
                    + "(aws ecs list-clusters lists the clusters)"), run.errorLines());
            assertEquals("", run.out());
        }
    }

    @Test
    void missingServicesNamedTogether() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            CliRun run = testbed.run("plan", "--cluster", "prod", "--service", "web", "--service", "worker",
                    "--service", "api");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode());
            assertEquals(List.of("Error: Services api (MISSING), worker (MISSING) not found in cluster 'prod': check "
                    + "--service (aws ecs list-services --cluster prod lists the services)"), run.errorLines());
        }
    }

    @Test
    void closedPortNamesEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        CliRun run = CliTestbed.runDetached("status", "--cluster", "prod", "--endpoint-url", endpoint,
                "--region", "us-east-1");

        assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode());
        assertEquals(1, run.errorLines().size(), run.err());
        String line = run.errorLines().get(0);
        assertTrue(line.startsWith("Error: An ECS call could not reach " + endpoint + " (ConnectException"), line);
        assertTrue(line.endsWith("check --endpoint-url and --region, and that the endpoint is up"), line);
    }

    @Test
    void throttlingAfterRetriesNamesOperation() {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            testbed.emulator().faults().throttle(1.0, "ListTasks");

            CliRun run = testbed.run("status", "--cluster", "prod");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode());
            assertEquals(List.of("Error: ECS ListTasks was throttled (ThrottlingException) after 5 attempts: wait a "
                    + "minute and run the command again, or name fewer services with --service"), run.errorLines());
        }
    }

    @Test
    void missingProfileNamesProfile() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            // The surefire configuration points AWS_CONFIG_FILE at a file that does not exist.
            CliRun run = testbed.run("status", "--cluster", "prod", "--profile", "ops");

            assertEquals(RebalancedEcs.EXIT_ERROR, run.exitCode());
            assertEquals(List.of("Error: No AWS credentials for profile 'ops': check the profile name in "
                    + "~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE), or sign in with aws sso login "
                    + "--profile ops"), run.errorLines());
        }
    }

    @Test
    void debugAddsStackTrace() {
        try (CliTestbed testbed = CliTestbed.withEmptyCluster()) {
            CliRun plain = testbed.run("status", "--cluster", "nope");
            CliRun debug = testbed.run("status", "--cluster", "nope", "--debug");

            assertFalse(plain.err().contains("\tat "), plain.err());
            assertTrue(debug.errorLines().get(0).startsWith("Error: Cluster 'nope' not found"), debug.err());
            assertTrue(debug.err().contains("ClusterNotFoundException"), debug.err());
            assertTrue(debug.err().contains("\tat "), debug.err());
        }
    }

    @Test
    void invalidEndpointExitsTwo() {
        CliRun run = CliTestbed.runDetached("status", "--cluster", "prod", "--endpoint-url", "ftp://127.0.0.1:1",
                "--region", "us-east-1");

        assertEquals(RebalancedEcs.EXIT_USAGE, run.exitCode(), run.err());
        assertEquals(List.of("Error: --endpoint-url must be an http or https URL such as http://127.0.0.1:4566, got "
                + "'ftp://127.0.0.1:1'", "Run 'rebalanced-ecs status --help' for the options."), run.errorLines());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "status --cluster prod --output xml | Invalid value for option '--output'",
        "status --output json | Missing required option: '--cluster=NAME'",
        "status --cluster prod --max-skew 0 | --max-skew must be at least 1, got 0",
        "status --cluster prod --service web/ | --service must be a service name or ARN, got 'web/'",
        // picocli 4.7.7 writes "option" twice in this message.
        "status --cluster prod --subnet-az subnet-1 | Value for option option '--subnet-az' (SUBNET=AZ) should be",
        "plan --cluster prod --max-moves 0 | --max-moves must be at least 1, got 0",
        "plan --cluster prod --strategy sideways | Invalid value for option '--strategy'",
        "rebalance --cluster prod --poll-interval 0 | --poll-interval must be at least 1, got 0",
        "rebalance --cluster prod --cooldown-minutes -1 | --cooldown-minutes must be at least 0, got -1",
        "balance --cluster prod | Unmatched arguments from index 0: 'balance'",
        "'' | Missing command: choose status, plan, rebalance or simulate"
    })
    void invalidCommandLineExitsTwo(String arguments, String message) {
        try (CliTestbed testbed = CliTestbed.withTwoTasksInOneAz()) {
            String[] args = arguments.isBlank() ? new String[0] : arguments.split(" ");

            CliRun run = testbed.run(args);

            assertEquals(RebalancedEcs.EXIT_USAGE, run.exitCode(), run.err());
            assertTrue(run.errorLines().get(0).startsWith("Error: " + message), run.err());
            assertTrue(run.err().contains("--help' for the options."), run.err());
            assertEquals("", run.out());
        }
    }
}
