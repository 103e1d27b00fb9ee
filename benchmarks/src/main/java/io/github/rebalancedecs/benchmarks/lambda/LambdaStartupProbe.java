package io.github.rebalancedecs.benchmarks.lambda;

import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.handler.RebalancerHandler;
import io.github.rebalancedecs.runtime.handler.StandaloneContext;
import io.github.rebalancedecs.runtime.handler.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The child JVM of {@link LambdaStartupBenchmark}: starts the handler from the Lambda jar as
 * Lambda does, configured by environment variables, optionally primes it, and handles two events.
 * Prints the response of the first event, as soon as it is handled, on a line that starts with
 * {@value #RESPONSE_PREFIX}, and at the end one line {@value #TIMING_PREFIX} with the phases in
 * milliseconds.
 */
public final class LambdaStartupProbe {

    static final String TIMING_PREFIX = "TIMING ";
    static final String RESPONSE_PREFIX = "RESPONSE ";

    /** The event of both invocations: the schedule's event, whatever its rate. */
    static final String SCHEDULE_EVENT = "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\"}";

    private LambdaStartupProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param args {@code primed} to run {@link SnapStartPriming#prime} before the first event,
     *             {@code cold} not to
     */
    public static void main(String[] args) throws IOException {
        boolean primed = args.length > 0 && "primed".equals(args[0]);
        long mainStart = System.nanoTime();

        // 1. Init: what Lambda runs before the first event, and snapshots with SnapStart.
        RebalancerHandler handler = new RebalancerHandler();
        long handlerReady = System.nanoTime();
        if (primed) {
            SnapStartPriming.prime(RebalancerConfig.fromEnvironment(System.getenv()));
        }
        long initDone = System.nanoTime();

        // 2. The first event, then a second one on the warm handler.
        String firstResponse = invoke(handler);
        long firstDone = System.nanoTime();
        System.out.println(RESPONSE_PREFIX + firstResponse);
        System.out.flush();
        invoke(handler);
        long secondDone = System.nanoTime();

        System.out.println(TIMING_PREFIX + String.format(Locale.ROOT,
                "handlerMillis=%.1f primingMillis=%.1f firstEventMillis=%.1f secondEventMillis=%.1f",
                millis(mainStart, handlerReady), millis(handlerReady, initDone), millis(initDone, firstDone),
                millis(firstDone, secondDone)));
    }

    private static String invoke(RebalancerHandler handler) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(SCHEDULE_EVENT.getBytes(StandardCharsets.UTF_8)), output,
                new StandaloneContext("benchmark", 0));
        return output.toString(StandardCharsets.UTF_8);
    }

    private static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }
}
