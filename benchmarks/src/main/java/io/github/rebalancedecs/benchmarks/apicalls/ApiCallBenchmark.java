package io.github.rebalancedecs.benchmarks.apicalls;

import io.github.rebalancedecs.benchmarks.MarkdownTable;
import io.github.rebalancedecs.benchmarks.Summary;
import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.RecordedRequest;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.executor.ExecutorSettings;
import io.github.rebalancedecs.runtime.executor.ReconcileOutcome;
import io.github.rebalancedecs.runtime.executor.ReconcileResult;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Counts the ECS API calls of one reconcile of a balanced service, from the emulator's request
 * log, and compares them with the lower bound for reading the service, its tasks and the
 * cluster's container instances.
 *
 * <p>The lower bound, for T tasks, I container instances and S services:
 * {@code ceil(T/100)} ListTasks pages and as many DescribeTasks batches, {@code ceil(I/100)}
 * ListContainerInstances pages and as many DescribeContainerInstances batches, and
 * {@code ceil(S/10)} DescribeServices batches. Those are the page and batch limits of the ECS
 * API (ListTasks and ListContainerInstances return at most 100 results per page,
 * DescribeTasks and DescribeContainerInstances take at most 100 ARNs, DescribeServices at most
 * 10 services).
 */
public final class ApiCallBenchmark {

    /** The service sizes measured. */
    public static final List<Integer> TASK_COUNTS = List.of(10, 1_000, 5_000);

    private static final String CLUSTER = "prod";
    private static final String SERVICE = "web";
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    /** Tasks per container instance: 10 tasks of 128 CPU units on an instance of 2048. */
    private static final int TASKS_PER_INSTANCE = 10;

    /**
     * The calls of one service size.
     *
     * @param tasks              the service's tasks
     * @param containerInstances the cluster's container instances
     * @param coldCalls          calls per operation of the first reconcile of an execution
     *                           environment, which also reads the task definition
     * @param warmCalls          calls per operation of a later reconcile
     * @param lowerBound         the lower bound of the class documentation
     * @param warmMillis         wall-clock time of later reconciles on this machine
     */
    public record Result(int tasks, int containerInstances, Map<String, Integer> coldCalls,
            Map<String, Integer> warmCalls, int lowerBound, Summary warmMillis) {

        public Result {
            coldCalls = Map.copyOf(coldCalls);
            warmCalls = Map.copyOf(warmCalls);
        }

        public int coldTotal() {
            return coldCalls.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int warmTotal() {
            return warmCalls.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final int runs;

    /** @param runs the warm reconciles timed per size, at least 1 */
    public ApiCallBenchmark(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        this.runs = runs;
    }

    /** Measures every size in {@link #TASK_COUNTS} and returns the Markdown table. */
    public String run() {
        List<Result> results = new ArrayList<>();
        for (int tasks : TASK_COUNTS) {
            results.add(measure(tasks));
        }
        return table(results);
    }

    /** Returns the lower bound of the class documentation. */
    public static int lowerBound(int tasks, int containerInstances, int services) {
        return 2 * ceilDiv(tasks, 100) + 2 * ceilDiv(containerInstances, 100) + ceilDiv(services, 10);
    }

    /** Measures one balanced service of the given size. */
    public Result measure(int tasks) {
        int instances = Math.max(ZONES.size(), ceilDiv(ceilDiv(tasks, TASKS_PER_INSTANCE), ZONES.size()) * ZONES.size());
        try (EcsEmulator emulator = EcsEmulator.builder().seed(7).start();
                EcsClient ecs = EcsClientFactory.create(emulator.region(), emulator.endpoint(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("benchmark", "benchmark")),
                        Duration.ofSeconds(30))) {
            // 1. A cluster whose tasks are spread evenly over instances in three zones.
            emulator.createCluster(CLUSTER);
            List<String> instanceIds = new ArrayList<>();
            for (int index = 0; index < instances; index++) {
                instanceIds.add(emulator.registerContainerInstance(CLUSTER, ContainerInstanceSpec.builder()
                        .availabilityZone(ZONES.get(index % ZONES.size())).cpu(2048).memory(4096).build()));
            }
            emulator.createService(CLUSTER, ServiceSpec.builder()
                    .serviceName(SERVICE)
                    .desiredCount(tasks)
                    .taskCpu(128)
                    .taskMemory(256)
                    .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones()))
                    .availabilityZoneRebalancing(false)
                    .build());
            for (int index = 0; index < tasks; index++) {
                emulator.placeRunningTask(CLUSTER, SERVICE, instanceIds.get(index % instances), null);
            }

            // 2. The first reconcile of an execution environment, then later ones.
            Clock clock = emulator.clock().asClock();
            RebalanceExecutor executor = new RebalanceExecutor(
                    new EcsServiceObserver(ecs, new EcsTaskDefinitions(ecs), Map.of(), clock),
                    new EcsServiceOperations(ecs), RebalancePolicy.DEFAULTS, ExecutorSettings.DEFAULTS, clock);
            emulator.requestLog().clear();
            reconcile(executor);
            Map<String, Integer> cold = countByOperation(emulator.requestLog().requests());

            List<Double> millis = new ArrayList<>();
            Map<String, Integer> warm = Map.of();
            for (int run = 0; run < runs; run++) {
                emulator.requestLog().clear();
                long start = System.nanoTime();
                reconcile(executor);
                millis.add((System.nanoTime() - start) / 1e6);
                warm = countByOperation(emulator.requestLog().requests());
            }
            return new Result(tasks, instances, cold, warm, lowerBound(tasks, instances, 1), Summary.of(millis));
        }
    }

    private static void reconcile(RebalanceExecutor executor) {
        ReconcileResult result = executor.reconcile(CLUSTER, SERVICE, true);
        if (result.outcome() != ReconcileOutcome.NO_ACTION) {
            throw new IllegalStateException("expected a balanced service to need no action, got " + result.outcome()
                    + ": " + result.message());
        }
    }

    static String table(List<Result> results) {
        List<String> operations = results.stream()
                .flatMap(result -> result.coldCalls().keySet().stream())
                .distinct()
                .sorted()
                .toList();
        List<String> headers = new ArrayList<>(List.of("Tasks", "Container instances"));
        headers.addAll(operations);
        headers.addAll(List.of("Total", "Lower bound", "Total / lower bound", "First reconcile total",
                "Wall time (ms)"));
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        for (Result result : results) {
            List<Object> cells = new ArrayList<>(List.of(result.tasks(), result.containerInstances()));
            operations.forEach(operation -> cells.add(result.warmCalls().getOrDefault(operation, 0)));
            cells.add(result.warmTotal());
            cells.add(result.lowerBound());
            cells.add(String.format(java.util.Locale.ROOT, "%.2f", (double) result.warmTotal() / result.lowerBound()));
            cells.add(result.coldTotal());
            cells.add(result.warmMillis().format(0));
            table.row(cells.toArray());
        }
        return table.render();
    }

    private static Map<String, Integer> countByOperation(List<RecordedRequest> requests) {
        Map<String, Integer> counts = new TreeMap<>();
        requests.forEach(request -> counts.merge(request.operation(), 1, Integer::sum));
        return counts;
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
