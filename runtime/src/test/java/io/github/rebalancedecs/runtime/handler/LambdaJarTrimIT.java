package io.github.rebalancedecs.runtime.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Checks the parts of the AWS SDK that the shade configuration leaves out of the Lambda jar:
 * the jar stays within its size budget, and the code paths that only run in AWS still work
 * without them.
 */
class LambdaJarTrimIT {

    /** The size budget of the Lambda jar: 8 MB counted as 8,000,000 bytes, not 8 MiB. */
    private static final long MAX_JAR_BYTES = 8_000_000;

    private static final Path LAMBDA_JAR = Path.of(System.getProperty("lambda.jar", "target/missing-lambda.jar"));

    @TempDir
    Path interceptorDirectory;

    @Test
    void jarFitsSizeBudget() throws IOException {
        long size = Files.size(LAMBDA_JAR);

        assertTrue(size <= MAX_JAR_BYTES, "the Lambda jar has " + size + " bytes, more than " + MAX_JAR_BYTES);
    }

    @Test
    void jarSignsRequestForRegionEndpoint() throws Exception {
        // The SDK loads global interceptors named in this resource from the classpath.
        Path resource = interceptorDirectory.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, AbortBeforeTransmission.class.getName() + "\n");

        String output = run(List.of(interceptorDirectory.toString()), LambdaJarLauncher.class.getName(),
                "{\"action\": \"plan\"}", "60000");

        assertFalse(output.contains("NoClassDefFoundError"), output);
        String response = output.lines()
                .filter(line -> line.startsWith(LambdaJarLauncher.RESPONSE_PREFIX))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no response in: " + output));
        JsonNode service = JsonNode.parser().parse(response.substring(LambdaJarLauncher.RESPONSE_PREFIX.length()))
                .field("services").orElseThrow().asArray().get(0);
        assertEquals("FAILED", service.field("outcome").orElseThrow().asString());
        assertTrue(service.field("message").orElseThrow().asString()
                .contains(AbortBeforeTransmission.MESSAGE + "https://ecs.us-east-1.amazonaws.com"), output);
    }

    @Test
    void jarPrimesForSnapStart() throws Exception {
        String output = run(List.of(), SnapStartPrimingLauncher.class.getName());

        assertFalse(output.contains("NoClassDefFoundError"), output);
        assertTrue(output.contains(SnapStartPrimingLauncher.DONE), output);
    }

    /** Runs a main class of the test classes in a child JVM on the Lambda jar, without an ECS endpoint override. */
    private static String run(List<String> extraClasspath, String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder classpath = new StringBuilder(LAMBDA_JAR.toString());
        classpath.append(File.pathSeparator).append(Path.of("target", "test-classes"));
        extraClasspath.forEach(entry -> classpath.append(File.pathSeparator).append(entry));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classpath.toString(), mainClass));
        command.addAll(List.of(args));

        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("REBALANCER_"));
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("REBALANCER_CLUSTER_NAME", "prod");
        environment.put("REBALANCER_SERVICE_NAMES", "web");
        builder.redirectErrorStream(true);

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
