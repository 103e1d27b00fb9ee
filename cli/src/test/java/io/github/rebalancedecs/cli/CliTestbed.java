package io.github.rebalancedecs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.RecordedRequest;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.scenario.TimelinePlayer;
import io.github.rebalancedecs.runtime.executor.Sleeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ECS emulator on 127.0.0.1 and the CLI, run in this JVM against it with the emulator's
 * virtual clock. Every command gets {@code --endpoint-url} and {@code --region}. The surefire
 * configuration supplies dummy credentials through the default chain.
 */
final class CliTestbed implements AutoCloseable {

    static final String CLUSTER = "prod";
    static final String SERVICE = "web";

    /** The ECS operations that change a service, its tasks or its tags. */
    static final List<String> MUTATING_OPERATIONS =
            List.of("UpdateService", "StopTask", "UpdateTaskProtection", "TagResource", "UntagResource");

    /** The commands that talk to ECS and take the connection options. */
    private static final Set<String> ECS_COMMANDS = Set.of("status", "plan", "rebalance");

    private final EcsEmulator emulator;

    private CliTestbed(EcsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Starts an emulator with one empty cluster. */
    static CliTestbed withEmptyCluster() {
        CliTestbed testbed = new CliTestbed(EcsEmulator.builder().seed(7).start());
        testbed.emulator.createCluster(CLUSTER);
        return testbed;
    }

    /** Starts an emulator with service web balanced: one task in each of three Availability Zones. */
    static CliTestbed withBalancedService() {
        CliTestbed testbed = withEmptyCluster();
        testbed.threeAvailabilityZones();
        testbed.service(ServiceSpec.builder().serviceName(SERVICE).desiredCount(3)
                .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones())).build());
        return testbed;
    }

    /**
     * Starts the shipped scenario of the observed case with two tasks in one Availability Zone,
     * one minute in, when its us-east-1b instance is registered: tasks us-east-1a=2,
     * us-east-1b=0, us-east-1c=1, with the recorded task and container instance IDs and native
     * rebalancing ENABLED. {@code serve --scenario observed-case-2} serves the same state one
     * minute in; only the IDs that the scenario does not fix differ, because they come from the
     * emulator's seed.
     */
    static CliTestbed withTwoTasksInOneAz() {
        CliTestbed testbed = new CliTestbed(EcsEmulator.builder().seed(7).start());
        try {
            TimelinePlayer.setUpScenario(testbed.emulator, "observed-case-2", null)
                    .playUntil(testbed.emulator, Duration.ofMinutes(1));
        } catch (IOException e) {
            testbed.close();
            throw new UncheckedIOException(e);
        }
        return testbed;
    }

    EcsEmulator emulator() {
        return emulator;
    }

    /** Registers one container instance in each of us-east-1a, us-east-1b and us-east-1c. */
    void threeAvailabilityZones() {
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            emulator.registerContainerInstance(CLUSTER, zone);
        }
    }

    /** Creates a service and lets the scheduler start its tasks. */
    void service(ServiceSpec spec) {
        emulator.createService(CLUSTER, spec);
        emulator.advance(Duration.ofMinutes(1));
    }

    /** Returns the requests that changed something, to show that a command changed nothing. */
    List<RecordedRequest> mutatingRequests() {
        return emulator.requestLog().requests().stream()
                .filter(request -> MUTATING_OPERATIONS.contains(request.operation()))
                .toList();
    }

    Map<String, Integer> tasksPerAz() {
        return emulator.runningTasksPerAvailabilityZone(CLUSTER, SERVICE);
    }

    /** Runs the CLI with no input on standard input. */
    CliRun run(String... args) {
        return runWithInput("", args);
    }

    /** Runs the CLI with the given text on standard input. */
    CliRun runWithInput(String input, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (!arguments.isEmpty() && ECS_COMMANDS.contains(arguments.get(0))) {
            arguments.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--region", emulator.region()));
        }
        // The executor waits through this sleeper between two steps of an operation. Advancing the
        // emulator's virtual clock by the same time lets ECS start and stop tasks meanwhile, so an
        // operation of minutes runs in milliseconds and the CLI reads time from the same clock.
        Sleeper advanceEmulatorClock = emulator::advance;
        CliContext context = new CliContext(emulator.clock().asClock(), advanceEmulatorClock,
                new BufferedReader(new StringReader(input)), false);
        return execute(context, arguments);
    }

    /** Runs the CLI without the emulator's endpoint, with the real clock and sleeper. */
    static CliRun runDetached(String... args) {
        CliContext context = new CliContext(Clock.systemUTC(), Sleeper.THREAD,
                new BufferedReader(new StringReader("")), false);
        return execute(context, List.of(args));
    }

    private static CliRun execute(CliContext context, List<String> arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = RebalancedEcs.execute(context, new PrintWriter(out), new PrintWriter(err),
                arguments.toArray(String[]::new));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    @Override
    public void close() {
        emulator.close();
    }

    /** The exit code and output of one run. */
    record CliRun(int exitCode, String out, String err) {

        private static final ObjectMapper MAPPER = new ObjectMapper();

        /** Parses standard output as the JSON document of {@code --output json}. */
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("standard output is not JSON: " + out, e);
            }
        }

        /** Returns the non-blank lines of standard error. */
        List<String> errorLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
