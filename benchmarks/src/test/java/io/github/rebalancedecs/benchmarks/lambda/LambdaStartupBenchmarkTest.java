package io.github.rebalancedecs.benchmarks.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.benchmarks.lambda.LambdaStartupBenchmark.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starts the Lambda jar once per mode: the smoke version of the start-up benchmark, without timing checks. */
class LambdaStartupBenchmarkTest {

    private static final Path LAMBDA_JAR = Path.of(System.getProperty("lambda.jar", "target/lambda/missing.jar"));

    private final LambdaStartupBenchmark benchmark = new LambdaStartupBenchmark(LAMBDA_JAR, 1);

    @Test
    void coldStartHandlesScheduleEvent() throws Exception {
        Run run = benchmark.runOnce(false);

        assertEquals("STARTED", run.firstOutcome());
        assertEquals(0.0, run.primingMillis(), 5.0);
    }

    @Test
    void primedStartHandlesScheduleEvent() throws Exception {
        Run primed = benchmark.runOnce(true);

        assertEquals("STARTED", primed.firstOutcome());
        String table = LambdaStartupBenchmark.startupTable(List.of(primed), List.of(primed));
        assertTrue(table.contains("| primed |"), table);
    }

    @Test
    void sizeTableListsLargestParts() throws Exception {
        String table = benchmark.sizeTable();

        assertTrue(table.contains("software/amazon/awssdk/services/ecs/model"), table);
        assertTrue(table.contains("Within 8,000,000 bytes"), table);
    }
}
