package io.github.rebalancedecs.runtime.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.ecs.TaskRequirementsSource;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutor;
import io.github.rebalancedecs.runtime.executor.RebalanceRunner;
import io.github.rebalancedecs.runtime.executor.ServiceRunSummary;
import io.github.rebalancedecs.runtime.executor.Sleeper;
import io.github.rebalancedecs.runtime.json.JsonWriter;
import io.github.rebalancedecs.runtime.metrics.EmfMetricsWriter;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The Lambda entry point: reads the event, runs the rebalancer for the services it concerns,
 * writes metrics, and returns a JSON report. It only wires the parts together.
 *
 * <p>Lambda creates one instance per execution environment, so the configuration is validated
 * and the {@link EcsClient} built once, at start-up. Nothing created then depends on the
 * environment's identity or on the time, so a SnapStart snapshot of it is safe to restore. The
 * client reads credentials from the environment variables at each call and opens no connection
 * before the first invocation.
 */
public final class RebalancerHandler implements RequestStreamHandler {

    private final RebalancerConfig config;
    private final RebalanceRunner planRunner;
    private final RebalanceRunner rebalanceRunner;
    private final EmfMetricsWriter metrics;
    private final Clock clock;

    /** Called by Lambda: configuration from the environment variables, output to standard output. */
    public RebalancerHandler() {
        this(RebalancerConfig.fromEnvironment(System.getenv()));
    }

    private RebalancerHandler(RebalancerConfig config) {
        this(config, EcsClientFactory.create(config.region(), config.ecsEndpoint(),
                lambdaCredentials(), config.apiCallTimeout()));

        // Lambda runs the hook only on a SnapStart version, before it takes the snapshot; on any
        // other JVM the registration does nothing.
        SnapStartPriming.register(config);
    }

    /**
     * Returns the credentials of the function's execution role. Lambda passes them in the
     * {@code AWS_ACCESS_KEY_ID} variables, except under SnapStart, where the Java runtime serves
     * them from the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI})
     * instead, so both are tried, in that order, at each call.
     */
    private static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                .reuseLastProviderEnabled(false)
                .build();
    }

    private RebalancerHandler(RebalancerConfig config, EcsClient client) {
        this(config, client, new EcsTaskDefinitions(client), Clock.systemUTC(), Sleeper.THREAD, System.out::println);
    }

    /**
     * Creates a handler from its parts.
     *
     * @param ecs             the client, pointed at ECS or at an emulator
     * @param taskDefinitions the source of task requirements
     * @param metricsOut      receives EMF documents, one per call
     */
    public RebalancerHandler(RebalancerConfig config, EcsClient ecs, TaskRequirementsSource taskDefinitions,
            Clock clock, Sleeper sleeper, Consumer<String> metricsOut) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        EcsClient client = Objects.requireNonNull(ecs, "ecs");
        EcsServiceObserver observer =
                new EcsServiceObserver(client, taskDefinitions, config.subnetAvailabilityZones(), clock);
        EcsServiceOperations operations = new EcsServiceOperations(client);
        RebalanceExecutor executor =
                new RebalanceExecutor(observer, operations, config.policy(), config.executorSettings(), clock);
        RebalanceExecutor planner = new RebalanceExecutor(observer, operations, config.policy(),
                config.executorSettings().forPlanOnly(), clock);
        this.rebalanceRunner = new RebalanceRunner(executor, sleeper, config.pollInterval(),
                config.apiCallTimeout().multipliedBy(2));
        this.planRunner = new RebalanceRunner(planner, sleeper, config.pollInterval(),
                config.apiCallTimeout().multipliedBy(2));
        this.metrics = new EmfMetricsWriter(config.metricsNamespace(), Objects.requireNonNull(metricsOut), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationRequest request = InvocationRequest.parse(input, config.clusterName(), config.serviceNames());
        boolean planOnly = request.action() == InvocationRequest.Action.PLAN;
        boolean windowOpen = config.maintenanceWindow().isOpen(clock.instant());

        RebalanceRunner runner = planOnly ? planRunner : rebalanceRunner;
        List<ServiceRunSummary> summaries = runner.run(config.clusterName(), request.serviceNames(), windowOpen,
                context::getRemainingTimeInMillis);
        summaries.forEach(summary -> metrics.write(config.clusterName(), summary));

        output.write(JsonWriter.write(report(request, windowOpen, summaries)).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> report(InvocationRequest request, boolean windowOpen,
            List<ServiceRunSummary> summaries) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceRunSummary summary : summaries) {
            Map<String, Object> service = new LinkedHashMap<>();
            AzDistribution distribution = summary.distribution();
            service.put("service", summary.serviceName());
            service.put("outcome", summary.last().outcome());
            service.put("message", summary.last().message());
            service.put("tasksPerAz", distribution == null ? null : distribution.tasksPerAz());
            service.put("skew", distribution == null ? null : distribution.skew());
            service.put("movesPlanned", summary.movesPlanned());
            service.put("movesCompleted", summary.movesCompleted());
            service.put("rollbacks", summary.rollbacks());
            services.add(service);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("action", request.action());
        report.put("trigger", request.trigger());
        report.put("cluster", config.clusterName());
        report.put("dryRun", request.action() == InvocationRequest.Action.PLAN || config.executorSettings().dryRun());
        report.put("maintenanceWindow", config.maintenanceWindow().toString());
        report.put("maintenanceWindowOpen", windowOpen);
        report.put("services", services);
        return report;
    }
}
