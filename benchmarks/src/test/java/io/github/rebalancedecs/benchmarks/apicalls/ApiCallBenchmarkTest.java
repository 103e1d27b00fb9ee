package io.github.rebalancedecs.benchmarks.apicalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.benchmarks.apicalls.ApiCallBenchmark.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiCallBenchmarkTest {

    @Test
    void lowerBoundCountsPagesAndBatches() {
        // 1,000 tasks: 10 ListTasks pages, 10 DescribeTasks batches; 100 instances: 1 + 1; 1 service: 1.
        assertEquals(23, ApiCallBenchmark.lowerBound(1_000, 100, 1));
        assertEquals(5, ApiCallBenchmark.lowerBound(10, 3, 1));
        assertEquals(2 * 50 + 2 * 5 + 2, ApiCallBenchmark.lowerBound(5_000, 500, 11));
    }

    @Test
    void smallServiceReadsEveryPart() {
        Result result = new ApiCallBenchmark(1).measure(10);

        assertEquals(3, result.containerInstances());
        assertEquals(1, result.warmCalls().get("DescribeServices"));
        assertEquals(1, result.warmCalls().get("DescribeTasks"));
        assertEquals(1, result.warmCalls().get("DescribeContainerInstances"));
        assertEquals(1, result.warmCalls().get("ListContainerInstances"), "one listing without a status filter");
        assertEquals(null, result.warmCalls().get("ListTagsForResource"), "DescribeServices returns the tags");
        assertEquals(2, result.warmCalls().get("ListTasks"), "desired status RUNNING, then STOPPED");
        assertEquals(1, result.warmCalls().get("GetTaskProtection"));
        assertEquals(1, result.coldCalls().get("DescribeTaskDefinition"), "the first reconcile reads the task definition");
        assertEquals(null, result.warmCalls().get("DescribeTaskDefinition"), "later reconciles use the cache");
        // Above the lower bound by the GetTaskProtection call and the STOPPED listing only.
        assertEquals(result.lowerBound() + 2, result.warmTotal());

        String table = ApiCallBenchmark.table(List.of(result));
        assertTrue(table.contains("| 10 | 3 |"), table);
    }
}
