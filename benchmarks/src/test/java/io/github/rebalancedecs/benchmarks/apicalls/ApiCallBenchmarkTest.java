package io.github.rebalancedecs.benchmarks.apicalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.benchmarks.apicalls.ApiCallBenchmark.Result;
import io.github.rebalancedecs.benchmarks.apicalls.ApiCallBenchmark.ServiceState;
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
    void balancedServiceReadsLowerBound() {
        Result result = new ApiCallBenchmark(1).measure(10, ServiceState.BALANCED);

        assertEquals(3, result.containerInstances());
        assertEquals(1, result.warmCalls().get("DescribeServices"));
        assertEquals(1, result.warmCalls().get("ListTasks"), "desired status RUNNING only");
        assertEquals(1, result.warmCalls().get("DescribeTasks"));
        assertEquals(1, result.warmCalls().get("ListContainerInstances"), "one listing without a status filter");
        assertEquals(1, result.warmCalls().get("DescribeContainerInstances"));
        assertNull(result.warmCalls().get("GetTaskProtection"), "protection is read only before acting");
        assertNull(result.warmCalls().get("ListTagsForResource"), "DescribeServices returns the tags");
        assertEquals(1, result.coldCalls().get("DescribeTaskDefinition"), "the first reconcile reads the task definition");
        assertNull(result.warmCalls().get("DescribeTaskDefinition"), "later reconciles use the cache");
        assertEquals(5, result.lowerBound());
        assertEquals(result.lowerBound(), result.warmTotal(), result.warmCalls().toString());
        assertEquals(result.lowerBound() + 1, result.coldTotal(), result.coldCalls().toString());

        String table = ApiCallBenchmark.table(List.of(result));
        assertTrue(table.contains("| 10 | 3 |"), table);
        assertTrue(table.contains("| 5 | 5 | 1.00 | 6 |"), table);
    }

    @Test
    void returnedZoneReadsAgainBeforeActing() {
        Result result = new ApiCallBenchmark(1).measure(10, ServiceState.ZONE_RETURNED);

        // One read that measures, one that acting needs, then the two calls that start the SURGE.
        assertEquals(2, result.warmCalls().get("DescribeServices"));
        assertEquals(3, result.warmCalls().get("ListTasks"), "RUNNING to measure; RUNNING and STOPPED to act");
        assertEquals(2, result.warmCalls().get("DescribeTasks"));
        assertEquals(2, result.warmCalls().get("ListContainerInstances"));
        assertEquals(2, result.warmCalls().get("DescribeContainerInstances"));
        assertEquals(1, result.warmCalls().get("GetTaskProtection"));
        assertEquals(1, result.warmCalls().get("TagResource"), "the operation's record");
        assertEquals(1, result.warmCalls().get("UpdateService"), "the raised desired count");
        assertEquals(2 * result.lowerBound() + 2 + 2, result.warmTotal(), result.warmCalls().toString());
        assertEquals(1, result.coldCalls().get("DescribeTaskDefinition"));
        assertEquals(result.warmTotal() + 1, result.coldTotal(), result.coldCalls().toString());
    }
}
