package io.github.rebalancedecs.runtime.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Invokes the handler as Lambda does, configured by the environment variables, so that
 * {@code LambdaJarIT} can run it from the packaged jar in a child JVM. Prints the response on a
 * line that starts with {@value #RESPONSE_PREFIX}.
 */
public final class LambdaJarLauncher {

    static final String RESPONSE_PREFIX = "RESPONSE ";

    private LambdaJarLauncher() {
    }

    /**
     * Runs one invocation.
     *
     * @param args the event JSON and the remaining time in milliseconds
     */
    public static void main(String[] args) throws IOException {
        RebalancerHandler handler = new RebalancerHandler();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), output,
                new StandaloneContext("test-request", Integer.parseInt(args[1])));
        System.out.println(RESPONSE_PREFIX + output.toString(StandardCharsets.UTF_8));
    }
}
