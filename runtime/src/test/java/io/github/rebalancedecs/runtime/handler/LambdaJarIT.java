package io.github.rebalancedecs.runtime.handler;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Runs the packaged Lambda jar in a child JVM, configured only by environment variables. */
class LambdaJarIT {

    private static final Path LAMBDA_JAR = Path.of(System.getProperty("lambda.jar", "target/missing-lambda.jar"));

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    @Test
    void jarHoldsNoNettyOrApacheHttpClient() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile jar = new ZipFile(LAMBDA_JAR.toFile())) {
            Collections.list(jar.entries()).stream().map(ZipEntry::getName).forEach(names::add);
        }

        assertTrue(names.contains("io/github/rebalancedecs/runtime/handler/RebalancerHandler.class"));
        assertTrue(names.contains("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class"));
        assertTrue(names.stream().noneMatch(name -> name.startsWith("io/netty/")), "Netty in the jar");
        assertTrue(names.stream().noneMatch(name -> name.startsWith("org/apache/http")), "Apache HTTP in the jar");
        assertTrue(names.stream().noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache")),
                "the SDK's Apache client in the jar");
        assertTrue(names.stream().noneMatch(name -> name.startsWith("software/amazon/awssdk/http/nio")),
                "the SDK's Netty client in the jar");
    }

    @Test
    void jarRebalancesObservedCaseAcrossInvocations() throws Exception {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);

        JsonNode plan = invoke("{\"action\": \"plan\"}", 60_000);
        // A short remaining time ends each invocation after one step, as a Lambda timeout would.
        JsonNode started = invoke("{\"action\": \"rebalance\"}", 1);
        testbed.emulator().advance(Duration.ofMinutes(2));
        JsonNode scalingIn = invoke("{\"action\": \"rebalance\"}", 1);
        testbed.emulator().advance(Duration.ofMinutes(1));
        JsonNode completed = invoke("{\"action\": \"rebalance\"}", 1);

        assertEquals("PLANNED", outcome(plan));
        assertEquals("STARTED", outcome(started));
        assertEquals("WAITING", outcome(scalingIn));
        assertEquals("COMPLETED", outcome(completed));
        assertEquals(Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), testbed.tasksPerAz(SERVICE));
    }

    private static String outcome(JsonNode report) {
        return report.field("services").orElseThrow().asArray().get(0).field("outcome").orElseThrow().asString();
    }

    private JsonNode invoke(String event, long remainingMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = LAMBDA_JAR + File.pathSeparator + Path.of("target", "test-classes");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, LambdaJarLauncher.class.getName(), event,
                Long.toString(remainingMillis));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("REBALANCER_"));
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("REBALANCER_CLUSTER_NAME", EmulatorTestbed.CLUSTER);
        environment.put("REBALANCER_SERVICE_NAMES", SERVICE);
        environment.put("REBALANCER_ECS_ENDPOINT", testbed.emulator().endpoint().toString());
        environment.put("REBALANCER_POLL_INTERVAL_SECONDS", "1");
        builder.redirectErrorStream(true);

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit: " + output);
        assertEquals(0, process.exitValue(), output);
        String response = output.lines()
                .filter(line -> line.startsWith(LambdaJarLauncher.RESPONSE_PREFIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no response in: " + output));
        assertTrue(output.contains("\"_aws\""), "no EMF metrics in: " + output);
        return JsonNode.parser().parse(response.substring(LambdaJarLauncher.RESPONSE_PREFIX.length()));
    }
}
