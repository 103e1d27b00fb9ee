package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The rebalancer's Lambda asset: the bundled runtime jar itself, with a hash that depends only on
 * its bytes.
 */
class RebalancerAssetTest {

    /** The parent pom's project.build.outputTimestamp, which every jar entry carries. */
    private static final FileTime BUILD_TIMESTAMP = FileTime.from(Instant.parse("2026-12-01T00:00:00Z"));

    @Test
    void assetIsTheBundledJarItself(@TempDir Path outdir) throws IOException {
        Synthesis synthesis = synthesize(outdir);

        assertTrue(synthesis.s3Key.endsWith(".jar"), synthesis.s3Key);
        String hash = synthesis.s3Key.substring(0, synthesis.s3Key.length() - ".jar".length());
        JsonNode asset = synthesis.assetManifest.path("files").path(hash);
        assertEquals("file", asset.path("source").path("packaging").asText(), asset.toString());
        Path staged = outdir.resolve(asset.path("source").path("path").asText());
        assertArrayEquals(bundledJar(), Files.readAllBytes(staged), "the staged asset differs from the bundled jar");
    }

    @Test
    void assetHashIsStableAcrossSyntheses(@TempDir Path first, @TempDir Path second) throws IOException {
        assertEquals(synthesize(first).s3Key, synthesize(second).s3Key);
    }

    @Test
    void extractedJarIsContentAddressed() throws IOException {
        Path jar = RebalancerCode.jarFile();

        assertEquals(RebalancerCode.sha256(bundledJar()), jar.getParent().getFileName().toString());
        assertArrayEquals(bundledJar(), Files.readAllBytes(jar));
    }

    @Test
    void bundledJarIsReproducibleAndRunnable() throws IOException {
        Set<FileTime> runtimeTimestamps = new HashSet<>();
        boolean hasHandler = false;
        boolean hasSdk = false;
        try (JarInputStream jar = new JarInputStream(RebalancerCode.class.getResourceAsStream(RebalancerCode.RESOURCE))) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                if (entry.getName().startsWith("io/github/rebalancedecs/")) {
                    runtimeTimestamps.add(entry.getLastModifiedTime());
                }
                hasHandler |= entry.getName().equals("io/github/rebalancedecs/runtime/handler/RebalancerHandler.class");
                hasSdk |= entry.getName().startsWith("software/amazon/awssdk/services/ecs/");
            }
        }

        // The runtime's own entries carry the fixed build timestamp, and the shaded dependencies
        // keep the times of their released jars. A time of the build itself would make every clean
        // build a different jar, and so a different asset.
        assertEquals(Set.of(BUILD_TIMESTAMP), runtimeTimestamps);
        assertTrue(hasHandler, "the jar lacks the handler class");
        assertTrue(hasSdk, "the jar lacks the ECS client, so it is not the shaded lambda jar");
    }

    private record Synthesis(String s3Key, JsonNode assetManifest) {
    }

    private static Synthesis synthesize(Path outdir) throws IOException {
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Demo");
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .build());

        Capture s3Key = new Capture();
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function",
                Map.of("Code", Map.of("S3Bucket", Match.anyValue(), "S3Key", s3Key)));
        CloudAssembly assembly = app.synth();
        JsonNode manifest = new ObjectMapper().readTree(Path.of(assembly.getDirectory(), "Demo.assets.json").toFile());
        return new Synthesis(s3Key.asString(), manifest);
    }

    private static byte[] bundledJar() throws IOException {
        try (InputStream input = RebalancerCode.class.getResourceAsStream(RebalancerCode.RESOURCE)) {
            assertNotNull(input, "the construct's jar lacks " + RebalancerCode.RESOURCE);
            return input.readAllBytes();
        }
    }
}
