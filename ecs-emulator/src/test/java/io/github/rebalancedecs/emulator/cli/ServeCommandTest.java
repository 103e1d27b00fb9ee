package io.github.rebalancedecs.emulator.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

            try (EcsClient ecs = EcsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                assertEquals(3, ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns().size());

                HttpResponse<String> advanced = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(endpoint + "/emulator/clock/advance"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": 180}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, advanced.statusCode());
                assertEquals(2, activeInstancesAfterTimelineCheck(ecs));
            }
        } finally {
            serve.requestStop();
            runner.join(20_000);
        }

        assertEquals(0, exitCode.get(), err.toString());
        assertTrue(out.toString().contains("stopContainerInstance containerInstance=fd0fe4a41a9b42b2bf2023b9c421beb2"),
                out.toString());
        assertTrue(out.toString().contains("Stopped."), out.toString());
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
     * Returns the number of listed (not INACTIVE) instances once the stop at 2 minutes has been
     * applied. The clock driver checks the timeline every 100 ms, so this polls for up to 5 seconds.
     */
    private static int activeInstancesAfterTimelineCheck(EcsClient ecs) throws InterruptedException {
        int listed = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            listed = ecs.listContainerInstances(r -> r.cluster("prod")).containerInstanceArns().size();
            if (listed == 2) {
                break;
            }
            Thread.sleep(50);
        }
        return listed;
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
