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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Counts the ECS API calls of one reconcile, from the emulator's request log, and compares them
 * with the lower bound for reading the service, its tasks and the cluster's container instances.
 *
 * <p>The lower bound, for T tasks, I container instances and S services:
 * {@code ceil(T/100)} ListTasks pages and as many DescribeTasks batches, {@code ceil(I/100)}
 * ListContainerInstances pages and as many DescribeContainerInstances batches, and
 * {@code ceil(S/10)} DescribeServices batches. Those are the page and batch limits of the ECS
 * API (ListTasks and ListContainerInstances return at most 100 results per page,
 * DescribeTasks and DescribeContainerInstances take at most 100 ARNs, DescribeServices at most
 * 10 services).
 *
 * <p>It measures two states of the service. A {@link ServiceState#BALANCED balanced} service is
 * the common case, and its reconcile makes only the reads that measure the balance. A service
 * whose {@link ServiceState#ZONE_RETURNED zone came back empty} makes the reconcile start a
 * SURGE: it measures, reads again with the tasks on their way to STOPPED and each task's
 * scale-in protection, which acting needs, and then tags the service and raises its desired
 * count. That reconcile is above the lower bound by design.
 */
public final class ApiCallBenchmark {

    /** The service sizes measured. */
    public static final List<Integer> TASK_COUNTS = List.of(10, 1_000, 5_000);

    private static final String CLUSTER = "prod";
    private static final String SERVICE = "web";
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    /** Tasks per container instance: 10 tasks of 128 CPU units on an instance of 2048. */
    private static final int TASKS_PER_INSTANCE = 10;

    /** The state of the service that the measured reconcile finds. */
    public enum ServiceState {

        /** Tasks spread evenly over three zones: the reconcile takes no action. */
        BALANCED(ReconcileOutcome.NO_ACTION),

        /**
         * The third zone's container instances are empty, as after the zone came back, and the
         * tasks run in the other two: the reconcile starts a SURGE that moves a third of them.
         */
        ZONE_RETURNED(ReconcileOutcome.STARTED);

        private final ReconcileOutcome expectedOutcome;

        ServiceState(ReconcileOutcome expectedOutcome) {
            this.expectedOutcome = expectedOutcome;
        }
    }

    /**
     * The calls of one service size and state.
     *
     * @param state              the state the reconcile finds
     * @param tasks              the service's tasks
     * @param containerInstances the cluster's container instances
     * @param coldCalls          calls per operation of the first reconcile of an execution
     *                           environment, which also reads the task definition
     * @param warmCalls          calls per operation of a later reconcile
     * @param lowerBound         the lower bound of the class documentation
     * @param warmMillis         wall-clock time of later reconciles on this machine
     */
    public record Result(ServiceState state, int tasks, int containerInstances, Map<String, Integer> coldCalls,
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

    /** @param runs the warm reconciles timed per size and state, at least 1 */
    public ApiCallBenchmark(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        this.runs = runs;
    }

    /** Measures every size in {@link #TASK_COUNTS} in both states and returns the Markdown of both tables. */
    public String run() {
        StringBuilder markdown = new StringBuilder();
        for (ServiceState state : ServiceState.values()) {
            List<Result> results = new ArrayList<>();
            for (int tasks : TASK_COUNTS) {
                results.add(measure(tasks, state));
            }
            markdown.append(state == ServiceState.BALANCED
                    ? "#### Balanced service: the reconcile takes no action\n\n"
                    : "\n#### A zone came back empty: the reconcile starts a SURGE\n\n");
            markdown.append(table(results));
        }
        return markdown.toString();
    }

    /** Returns the lower bound of the class documentation. */
    public static int lowerBound(int tasks, int containerInstances, int services) {
        return 2 * ceilDiv(tasks, 100) + 2 * ceilDiv(containerInstances, 100) + ceilDiv(services, 10);
    }

    /**
     * Measures reconciles of one service of the given size and state.
     *
     * <p>A balanced service stays as it is, so one execution environment makes the first
     * reconcile and then the timed ones. A reconcile that starts a SURGE changes the service, so
     * each one gets a new emulator. Before each timed one, a measuring read fills the task
     * definition cache, as an earlier reconcile of the same execution environment would.
     *
     * @throws IllegalStateException when a reconcile ends with another outcome than the state expects
     */
    public Result measure(int tasks, ServiceState state) {
        int instances = Math.max(ZONES.size(), ceilDiv(ceilDiv(tasks, TASKS_PER_INSTANCE), ZONES.size()) * ZONES.size());
        Map<String, Integer> cold;
        List<Map<String, Integer>> warm = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        if (state == ServiceState.BALANCED) {
            try (ReconcileEnvironment environment = new ReconcileEnvironment(tasks, instances, state)) {
                cold = environment.countCalls(environment::reconcile);
                for (int run = 0; run < runs; run++) {
                    warm.add(environment.countCalls(() -> millis.add(environment.timedReconcile())));
                }
            }
        } else {
            try (ReconcileEnvironment environment = new ReconcileEnvironment(tasks, instances, state)) {
                cold = environment.countCalls(environment::reconcile);
            }
            for (int run = 0; run < runs; run++) {
                try (ReconcileEnvironment environment = new ReconcileEnvironment(tasks, instances, state)) {
                    environment.observer.observeBalance(CLUSTER, SERVICE);
                    warm.add(environment.countCalls(() -> millis.add(environment.timedReconcile())));
                }
            }
        }

        // The emulator and the executor are deterministic, so every later reconcile makes the same calls.
        if (warm.stream().distinct().count() > 1) {
            throw new IllegalStateException("the reconciles of " + tasks + " tasks in state " + state
                    + " made different calls: " + warm);
        }
        return new Result(state, tasks, instances, cold, warm.get(0), lowerBound(tasks, instances, 1),
                Summary.of(millis));
    }

    /** An emulator with one service in the given state, and the runtime's executor pointed at it. */
    private static final class ReconcileEnvironment implements AutoCloseable {

        private final ServiceState state;
        private final EcsEmulator emulator;
        private final EcsClient ecs;
        private final EcsServiceObserver observer;
        private final RebalanceExecutor executor;

        ReconcileEnvironment(int tasks, int instances, ServiceState state) {
            this.state = state;
            this.emulator = EcsEmulator.builder().seed(7).start();
            this.ecs = EcsClientFactory.create(emulator.region(), emulator.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("benchmark", "benchmark")),
                    Duration.ofSeconds(30));
            try {
                createService(tasks, instances);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            Clock clock = emulator.clock().asClock();
            this.observer = new EcsServiceObserver(ecs, new EcsTaskDefinitions(ecs), Map.of(), clock);
            this.executor = new RebalanceExecutor(observer, new EcsServiceOperations(ecs), RebalancePolicy.DEFAULTS,
                    ExecutorSettings.DEFAULTS, clock);
        }

        /**
         * Registers container instances in three zones, and places the service's tasks evenly over
         * them, or over those of the first two zones only.
         */
        private void createService(int tasks, int instances) {
            emulator.createCluster(CLUSTER);
            List<String> hosts = new ArrayList<>();
            for (int index = 0; index < instances; index++) {
                String zone = ZONES.get(index % ZONES.size());
                String instanceId = emulator.registerContainerInstance(CLUSTER, ContainerInstanceSpec.builder()
                        .availabilityZone(zone).cpu(2048).memory(4096).build());
                if (state == ServiceState.BALANCED || !zone.equals(ZONES.get(ZONES.size() - 1))) {
                    hosts.add(instanceId);
                }
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
                emulator.placeRunningTask(CLUSTER, SERVICE, hosts.get(index % hosts.size()), null);
            }
        }

        /** Returns the calls per operation that {@code action} makes. */
        Map<String, Integer> countCalls(Runnable action) {
            emulator.requestLog().clear();
            action.run();
            return countByOperation(emulator.requestLog().requests());
        }

        /** Reconciles and returns the wall-clock time it took in milliseconds. */
        double timedReconcile() {
            long start = System.nanoTime();
            reconcile();
            return (System.nanoTime() - start) / 1e6;
        }

        void reconcile() {
            ReconcileResult result = executor.reconcile(CLUSTER, SERVICE, true);
            if (result.outcome() != state.expectedOutcome) {
                throw new IllegalStateException("expected the reconcile of a service in state " + state + " to end "
                        + state.expectedOutcome + ", got " + result.outcome() + ": " + result.message());
            }
        }

        @Override
        public void close() {
            ecs.close();
            emulator.close();
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
            cells.add(String.format(Locale.ROOT, "%.2f", (double) result.warmTotal() / result.lowerBound()));
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
