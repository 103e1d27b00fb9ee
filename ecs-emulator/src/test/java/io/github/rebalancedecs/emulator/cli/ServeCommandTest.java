package io.github.rebalancedecs.emulator.cli;

import io.github.rebalancedecs.emulator.EmulatorSettings;
import io.github.rebalancedecs.emulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void serveAppliesTimelineOnManualClock() throws Exception {
        ServeCommand serve = new ServeCommand();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exitCode.set(commandLine(serve).execute(
                "--scenario", "observed-case-1", "--speed", "0")));
        runner.start();
        try {
            assertTrue(serve.awaitStarted(Duration.ofSeconds(20)), err.toString());
            URI endpoint = endpointFrom(out.toString());

            try (EcsClient ecs = ecsClient(endpoint)) {
                assertEquals(3, ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns().size());

                assertEquals(200, advanceClock(endpoint, 180).statusCode());
                assertEquals(2, listedInstancesAfterTimelineCheck(ecs, 2));
            }
        } finally {
            serve.requestStop();
            runner.join(20_000);
        }

        assertEquals(0, exitCode.get(), err.toString());
        // The advance plays the timeline tick by tick, so the event applies at its own time within the jump.
        assertTrue(out.toString().contains(
                "+00:02:00 stopContainerInstance containerInstance=fd0fe4a41a9b42b2bf2023b9c421beb2"), out.toString());
        assertTrue(out.toString().contains("Stopped."), out.toString());
    }

    @Test
    void oneAdvancePlaysEventsAtTheirTimes() throws Exception {
        Instant start = Instant.parse("2027-03-04T05:06:07Z");
        ServeCommand serve = new ServeCommand(Clock.fixed(start, ZoneOffset.UTC));
        Thread runner = new Thread(() -> commandLine(serve).execute("--scenario", "observed-case-1", "--speed", "0"));
        runner.start();
        List<Task> tasks;
        HttpResponse<String> advanced;
        try {
            assertTrue(serve.awaitStarted(Duration.ofSeconds(20)), err.toString());
            URI endpoint = endpointFrom(out.toString());

            // One jump of 11 minutes crosses the instance stop at 2 minutes and the registration at 10.
            advanced = advanceClock(endpoint, 660);
            try (EcsClient ecs = ecsClient(endpoint)) {
                List<String> taskArns = ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns();
                tasks = ecs.describeTasks(r -> r.cluster("prod").tasks(taskArns)).tasks();
            }
        } finally {
            serve.requestStop();
            runner.join(20_000);
        }

        assertEquals(200, advanced.statusCode(), advanced.body());
        assertTrue(advanced.body().contains(start.plus(Duration.ofMinutes(11)).toString()), advanced.body());
        String output = out.toString();
        int stop = output.indexOf(
                "+00:02:00 stopContainerInstance containerInstance=fd0fe4a41a9b42b2bf2023b9c421beb2");
        int registration = output.indexOf(
                "+00:10:00 registerContainerInstance availabilityZone=us-east-1a id=96d493dfb02b4ca1b7d9e872ac0e1fc1");
        assertTrue(stop >= 0, output);
        assertTrue(registration > stop, output);

        // The scheduler replaced the stopped task before the us-east-1a instance joined, so the skew stays.
        Map<String, Long> tasksPerZone = tasks.stream()
                .collect(Collectors.groupingBy(Task::availabilityZone, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("us-east-1b", 2L, "us-east-1c", 1L), tasksPerZone);
        Task replacement = tasks.stream()
                .filter(task -> task.taskArn().endsWith("/87054724fb1045458d6ac7bbab585649"))
                .findFirst().orElseThrow();
        assertEquals("us-east-1b", replacement.availabilityZone());
        assertTrue(replacement.startedAt().isBefore(start.plus(Duration.ofMinutes(10))), replacement.toString());
    }

    @Test
    void serveStartsVirtualClockAtWallClock() throws Exception {
        Clock wallClock = Clock.fixed(Instant.parse("2027-03-04T05:06:07.890Z"), ZoneOffset.UTC);
        ServeCommand serve = new ServeCommand(wallClock);
        Thread runner = new Thread(() -> commandLine(serve).execute("--scenario", "observed-case-2", "--speed", "0"));
        runner.start();
        try {
            assertTrue(serve.awaitStarted(Duration.ofSeconds(20)), err.toString());

            try (EcsClient ecs = ecsClient(endpointFrom(out.toString()))) {
                Instant createdAt = ecs.describeServices(r -> r.cluster("prod").services("web"))
                        .services().get(0).createdAt();
                assertEquals(Instant.parse("2027-03-04T05:06:07Z"), createdAt, "the wall clock, truncated to seconds");
            }
        } finally {
            serve.requestStop();
            runner.join(20_000);
        }
        assertTrue(out.toString().contains("virtual clock from 2027-03-04T05:06:07Z at x0.0"), out.toString());
    }

    @Test
    void simulateKeepsFixedStart() throws IOException {
        assertEquals(EmulatorSettings.defaults().startTime(),
                ScenarioLoader.load("observed-case-2").settings().startTime());
    }

    @Test
    void failedTimelineEventKeepsClockRunning(@TempDir Path folder) throws Exception {
        // The first event names a container instance that does not exist, so applying it fails.
        Path file = folder.resolve("failing-event.yaml");
        Files.writeString(file, """
                name: failing-event
                cluster: prod
                duration: 10m
                containerInstances:
                  - {availabilityZone: us-east-1a}
                services:
                  - {name: web, desiredCount: 1}
                timeline:
                  - {at: 1m, action: stopContainerInstance, containerInstance: 0123456789abcdef0123456789abcdef}
                  - {at: 2m, action: registerContainerInstance, availabilityZone: us-east-1b}
                """);
        ServeCommand serve = new ServeCommand();
        Thread runner = new Thread(() -> commandLine(serve).execute("--scenario", file.toString(), "--speed", "0"));
        runner.start();
        try {
            assertTrue(serve.awaitStarted(Duration.ofSeconds(20)), err.toString());
            URI endpoint = endpointFrom(out.toString());

            try (EcsClient ecs = ecsClient(endpoint)) {
                assertEquals(200, advanceClock(endpoint, 180).statusCode());
                assertEquals(2, listedInstancesAfterTimelineCheck(ecs, 2));
            }
        } finally {
            serve.requestStop();
            runner.join(20_000);
        }
        assertTrue(err.toString().contains("Failed to apply a timeline event, the timeline goes on"), err.toString());
        assertTrue(out.toString().contains("registerContainerInstance availabilityZone=us-east-1b"), out.toString());
    }

    @Test
    void serveRejectsFallback() {
        int exitCode = commandLine(new ServeCommand()).execute("--scenario", "observed-case-1", "--rebalancer", "fallback");

        assertEquals(SimulateCommand.EXIT_INVALID_INPUT, exitCode);
        assertTrue(err.toString().contains("serve runs no fallback rebalancer"), err.toString());
    }

    @Test
    void topLevelCommandListsSubcommands() {
        int exitCode = new CommandLine(new EcsEmulatorCommand()).setOut(new PrintWriter(out))
                .execute("--help");

        assertEquals(0, exitCode);
        assertTrue(out.toString().contains("simulate"), out.toString());
        assertTrue(out.toString().contains("serve"), out.toString());
    }

    /**
     * Returns the number of listed (not INACTIVE) instances once it is {@code expected}, or after
     * 5 seconds. The clock driver checks the timeline every 100 ms, so this polls.
     */
    private static int listedInstancesAfterTimelineCheck(EcsClient ecs, int expected) throws InterruptedException {
        int listed = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            listed = ecs.listContainerInstances(r -> r.cluster("prod")).containerInstanceArns().size();
            if (listed == expected) {
                break;
            }
            Thread.sleep(50);
        }
        return listed;
    }

    private static HttpResponse<String> advanceClock(URI endpoint, int seconds) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint + "/emulator/clock/advance"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": " + seconds + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static EcsClient ecsClient(URI endpoint) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static URI endpointFrom(String output) {
        Matcher matcher = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)").matcher(output);
        assertTrue(matcher.find(), output);
        return URI.create(matcher.group(1));
    }

    private CommandLine commandLine(ServeCommand command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }
}
