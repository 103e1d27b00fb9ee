package io.github.rebalancedecs.construct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The rebalancer's Lambda deployment package, the runtime's shaded jar that the build bundles
 * inside the construct's own jar.
 *
 * <p>CDK reads an asset from a file, so the jar is extracted once per JVM to
 * {@code <java.io.tmpdir>/rebalanced-ecs/<sha-256 of the jar>/rebalancer-lambda.jar}. The asset is
 * the jar file itself, so CDK uploads it as it is, without a zip around it, and the asset hash
 * depends only on the jar's bytes: an unchanged rebalancer is not deployed again.
 */
final class RebalancerCode {

    /** The location of the bundled jar on the class path, next to this class. */
    static final String RESOURCE = "rebalancer-lambda.jar";

    /** The Lambda handler: the runtime's {@code RequestStreamHandler}. */
    static final String HANDLER = "io.github.rebalancedecs.runtime.handler.RebalancerHandler::handleRequest";

    private static Path extractedJar;

    private RebalancerCode() {
    }

    /** Returns the Lambda code: the bundled jar as a file asset. */
    static Code code() {
        return Code.fromAsset(jarFile().toString());
    }

    /**
     * Returns the path of the extracted jar, extracting it on the first call.
     *
     * @throws IllegalStateException when the construct's jar does not contain the rebalancer, which
     *                               happens only in a build that skipped the bundling step
     */
    static synchronized Path jarFile() {
        if (extractedJar == null) {
            extractedJar = extract(readBundledJar());
        }
        return extractedJar;
    }

    private static byte[] readBundledJar() {
        try (InputStream input = RebalancerCode.class.getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("The rebalancer's Lambda jar " + RESOURCE + " is missing from the "
                        + "class path next to " + RebalancerCode.class.getName() + ". Build the construct with "
                        + "Maven (the generate-resources phase copies the runtime's lambda jar), or install "
                        + "rebalanced-ecs-runtime first.");
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the rebalancer's Lambda jar " + RESOURCE, e);
        }
    }

    /**
     * Writes the jar under a directory named after its SHA-256 digest. The file is written to a
     * temporary name and then moved, so that two synthesizing JVMs never see a partial jar.
     */
    private static Path extract(byte[] jar) {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "rebalanced-ecs", sha256(jar));
        Path target = directory.resolve(RESOURCE);
        try {
            if (Files.isRegularFile(target) && Files.size(target) == jar.length) {
                return target;
            }
            Files.createDirectories(directory);
            // Not Files.createTempFile, whose owner-only permissions would keep other users of a
            // shared temporary directory from reading the jar.
            Path partial = directory.resolve(RESOURCE + "." + UUID.randomUUID() + ".partial");
            Files.write(partial, jar);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to extract the rebalancer's Lambda jar to " + target, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must support SHA-256 (MessageDigest documentation).
            throw new IllegalStateException(e);
        }
    }
}
